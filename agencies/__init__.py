"""Regions, state bodies, their officials, signature thresholds and the working-day calendar."""
