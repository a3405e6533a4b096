"""The demo dataset (`dataset`) and where a running demo keeps it (`place`).
"""
