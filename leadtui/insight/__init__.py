"""Insight: the measures the source documents ask for, computed from the stored history.

Funnel and stage conversion (from stage events, so a skipped stage still counts as
passed), sources and channels, response time to inbound leads, weekly and monthly
reports, the target planner (sales goal -> leads needed) and the workload per owner.
Headless: every report is a few SQL aggregations returning plain frozen dataclasses
that the CLI prints or serialises and the Reports screen draws; nothing here imports
textual or rich.
"""
