# Every version of every API except each API's latest, which the API's
# platform_api manages once imported: list both to import a whole catalog.
list "platform_api_version" "older" {
  provider = platform
  limit    = 1000
}

# The older versions of one API.
list "platform_api_version" "payments" {
  provider = platform
  config {
    api_id = "api18969.acmepaymentscorp"
  }
}
