"""The field-entry web app: inspectors fill checklists and attach photos on a phone.

Server-rendered (Flask + Jinja, autoescaped), works with JavaScript off; scripts save each
answer as it is entered, keep answers and photos taken offline until the network returns,
make photos smaller before upload and fill in the device's location. zh-CN and en.

    with open_store(db) as store:
        app = create_app(store, secret_key=key)
        FieldServer(app, "127.0.0.1", 8000).serve_forever()
"""

from __future__ import annotations

from audit.fieldapp.app import create_app
from audit.fieldapp.server import FieldServer
from audit.fieldapp.users import Role, User, add_user, authenticate

__all__ = ["FieldServer", "Role", "User", "add_user", "authenticate", "create_app"]
