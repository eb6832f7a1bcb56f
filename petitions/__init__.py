"""Petitions: lifecycle, signatures and counts, moderation, review by agencies, public pages."""
