"""Web scanning: browsers and their drivers, axe-core, our own checks, the crawler, scans."""
