"""The stakeholder dashboard: reads reports, run metrics and the lockbox manifest, never the models.

`streamlit run dashboard/app.py [-- --reports DIR --runs DIR --lockbox-manifest F]`.
"""
