"""Citizens and staff keyed by IIN: the user model, sign-in and eligibility."""
