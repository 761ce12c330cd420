"""The demo committee, loaded by ``manage.py load_demo`` (the loaders are listed in
``settings.DEMO_LOADERS``, in order): ``people`` (the committee, delegations, accounts),
``guides`` (the committee guide), ``procedure`` (a session and a vote), ``research`` (sources
and country stances). The texts they load live in ``data/``. Each loader is idempotent."""
