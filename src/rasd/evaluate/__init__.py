"""Scoring rasd's output against gold annotations (spec/GOLD.md, "Scoring")."""
