"""The dashboard's sections, one module each: overview, arms, safety, robustness, dialogues, training,
decoding, rows.

Each exposes `render(...)`, draws with Streamlit and gets its data from `dashboard.load`.
"""

SECTIONS = ("Overview", "Arms", "Safety", "Robustness", "Dialogues", "Training", "Decoding", "Rows")  # the tabs, in order; `?section=Arms` opens one
TITLE = "voice2task — Browser Task Contract results"
