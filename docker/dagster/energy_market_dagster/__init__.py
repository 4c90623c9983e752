"""Dagster code location of the energy-market platform."""
