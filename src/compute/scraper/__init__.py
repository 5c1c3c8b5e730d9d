"""The Fargate scraper: `python -m compute.scraper` drains the scrape-job queue (see worker)."""
