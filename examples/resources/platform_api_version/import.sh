# The import ID is the version's ID (APIVersionID): platform_api's version_id,
# or an id from the data source platform_api_versions.
terraform import platform_api_version.v2 6f1c2a7e-0b7d-4f2e-9a51-3c8d5e0f1a2b.acmepaymentscorp
