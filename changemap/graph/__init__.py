"""From records to RDF: build, store, validate, write."""
