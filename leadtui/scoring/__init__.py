"""How good a lead is: its score (`score`: fit plus engagement, and its breakdown), the rules
table it adds up (`rules`), the ideal customer profile it is fitted against (`icp`), and
rescoring every lead in batches that finish after an interruption (`rescore`).

This file imports nothing: importing one of these modules loads only what it needs.
"""
