"""The rule arm: reads a spoken request (harms, self-corrections, sites, form values, search phrases)
and writes predictions like decode.predict does. Imports only v2t; evaluate never imports it."""
