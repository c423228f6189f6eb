# The catalog API of the platform documentation's sample request #1.
resource "platform_api" "payments" {
  name        = "acmepaymentscorp"
  description = "Payments API for ACME customers."
  visibility  = "Public"
  picture_id  = "1255"

  version = {
    name            = "1.0" # a new name adds a version on the platform
    description     = "First release."
    visibility      = "Public"
    type            = "shttp"
    default_profile = "XML or JSON in/XML or JSON out"
    tags            = ["payments API"]

    production_endpoint_access_auto_approved = false
    sandbox_endpoint_access_auto_approved    = true

    endpoints = [
      {
        category             = "Production"
        uri                  = "http://acmepaymentscorp.broker.soa.com:80/payments"
        cname                = "acmepaymentscorp.broker.soa.com"
        deployment_zone_rule = "dzone-rule-1"
      },
      {
        category             = "Sandbox"
        uri                  = "http://acmepaymentscorpsandbox.broker.soa.com:80/payments"
        cname                = "acmepaymentscorpsandbox.broker.soa.com"
        deployment_zone_rule = "dzone-rule-1"
      },
    ]

    operations = { # keyed by the operation's name
      Default_Operation = {
        method              = "GET"
        path                = "/{path:.+|}"
        input_content_type  = "application/xml,text/xml,application/json"
        output_content_type = "application/xml,text/xml,application/json"
        fault_content_type  = "application/xml,text/xml,application/json"
        inputs              = [{ name = "path", type = "path" }]
      }
    }

    policies = [{ key = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", type = "Operational Policy" }]

    target_api = {
      type            = "shttp"
      default_profile = "XML or JSON in/XML or JSON out"

      endpoints = [
        {
          category              = "Production"
          uri                   = "http://www.acme.com/api/v1/"
          connection_properties = { "http.chunked.encoding" = "false" }
        },
        {
          category              = "Sandbox"
          uri                   = "http://www.acme.com/apisandbox/v1/"
          connection_properties = { "http.chunked.encoding" = "false" }
        },
      ]

      operations = {
        Default_Operation = {
          method              = "GET"
          path                = "/{path:.+|}"
          input_content_type  = "application/xml,text/xml,application/json"
          output_content_type = "application/xml,text/xml,application/json"
          fault_content_type  = "application/xml,text/xml,application/json"
          inputs              = [{ name = "path", type = "path" }]
        }
      }
    }
  }
}
