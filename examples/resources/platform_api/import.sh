# The import ID is the API's ID (APIID); the resource then manages its latest
# version. APIID/APIVersionID names another version to manage.
terraform import platform_api.payments api18969.acmepaymentscorp
