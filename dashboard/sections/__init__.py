"""The dashboard's sections, one module each: overview, arms, training, decoding, rows.

Each exposes `render(...)`, draws with Streamlit and gets its data from `dashboard.load`.
"""
