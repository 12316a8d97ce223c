"""Applications, certificates and the registration lifecycle."""
