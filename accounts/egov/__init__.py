"""Sign-in through eGov by OpenID Connect: allauth's client, held to eGov's stricter rules."""
