"""Demo content written by delegations, loaded by ``manage.py load_demo`` after the committee
(``settings.DEMO_LOADERS``): ``papers`` (co-written position papers), ``resolutions`` (draft
resolutions and amendments), ``review`` (submitted papers and the chair's feedback)."""
