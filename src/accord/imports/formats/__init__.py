"""Adapters from other CRMs' exports (HubSpot, Salesforce) to Accord's generic format."""
