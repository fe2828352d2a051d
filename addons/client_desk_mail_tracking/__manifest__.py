{
    "name": "Client Desk Mail Tracking",
    "summary": "OCA's mail_tracking as Client Desk's inbox and campaigns use it: a signed open "
               "pixel, and mail built without a pixel still goes",
    "version": "11.0.1.0.0",
    "category": "Client Desk",
    "license": "LGPL-3",
    "author": "Client Desk",
    "website": "https://github.com/client-desk/client-desk",
    "depends": ["client_desk", "mail_tracking"],
    "data": [],
    "installable": True,
}
