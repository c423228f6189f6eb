# The import ID is the API's ID (APIID).
terraform import platform_api.payments api18969.acmepaymentscorp
