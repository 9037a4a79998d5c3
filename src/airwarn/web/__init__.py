"""airwarn.web: the live map page the service serves at `/` (routes in airwarn.web.routes; the page
in web/static: plain JS modules on Leaflet from node_modules, no build step). Open `/#key=<api key>`."""
