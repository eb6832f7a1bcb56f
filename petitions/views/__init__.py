"""Views of petitions, by who uses them: the public, authors, signers, moderators, officials."""
