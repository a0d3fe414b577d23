"""The reference tenant saga of examples/tenant-provisioning/, in Python (temporalio)."""
