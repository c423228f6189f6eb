# The configuration make demo applies against the mock platform. The
# provider's settings come from PLATFORM_* environment variables.
# docs-test: expect-warning="Addresses this create replaces"
terraform {
  required_providers {
    platform = {
      source  = "apiplatform/platform"
      version = "~> 0.1"
    }
  }
}

provider "platform" {}

# The platform documentation's sample API (examples/resources/platform_api).
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

# Version 2.0 of the payments API, live beside 1.0 while consumers migrate.
# platform_api keeps managing 1.0; this resource manages 2.0.
resource "platform_api_version" "payments_v2" {
  api_id      = platform_api.payments.id
  name        = "2.0"
  description = "Second release: payments by ID."
  visibility  = "Public"
  tags        = platform_api.payments.version.tags
  endpoints   = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments/v2" }]
  # Its operations come from its OpenAPI document, keyed by name: a changed
  # document plans as the operations it adds, removes or changes.
  operations = provider::platform::openapi_operations(file("${path.module}/payments-v2.yaml"))
  policies   = platform_api.payments.version.policies
  target_api = {
    type      = "shttp"
    endpoints = [{ category = "Production", uri = "http://www.acme.com/api/v2/" }]
  }
}

# A second, smaller API whose backend is the orders proxy's first address.
resource "platform_api" "orders" {
  name        = "orders"
  description = "Order management for the web shop."

  version = {
    name      = "2.0"
    tags      = ["orders", "shop"]
    endpoints = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]
    operations = {
      listOrders = { method = "GET", path = "/orders" }
      getOrder   = { method = "GET", path = "/orders/{OrderID}", inputs = [{ name = "OrderID", type = "path" }] }
    }
    target_api = {
      type      = "shttp"
      endpoints = [{ category = "Production", uri = platform_proxy_routing.orders.routing_address[0].address }]
    }
  }
}

# A REST proxy with a primary backend and a canary, deployed to production so
# that the routing takes effect there (saved is not live until deployed); the
# apply waits until every gateway pod serves the new route.
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address           = "https://orders-1.internal:8443/v1"
    health_check_path = "/health"
  }
  routing_address {
    address      = "https://orders-2.internal:8443/v1"
    address_type = "CANARY"
    description  = "2.1 canary"
  }

  routing_enabled      = true
  deploy_environments  = ["production"]
  wait_for_live_routes = true
}

# A SOAP proxy: the first address gets the default soap_type, SOAP11.
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"

  routing_address {
    address = "https://billing-1.internal/soap"
    weight  = 2
  }
  routing_address {
    address   = "https://billing-2.internal/soap"
    soap_type = "SOAP12"
  }
}

# The shipments API from its OpenAPI document to live traffic in one apply:
# the gateway proxy made from the document and deployed to production, then
# its routing (the reference makes Terraform create the proxy first), and a
# wait until every gateway pod serves it. make demo then plans and applies
# shipments-v2.yaml, which adds an operation: the plan names it, and the
# proxy is re-parsed in place.
variable "shipments_document" {
  type    = string
  default = "shipments.yaml"
}

resource "platform_api_proxy" "shipments" {
  project_name           = "ecommerce"
  name                   = "shipments-api"
  description            = "Shipments of the web shop's orders."
  specification          = file("${path.module}/${var.shipments_document}")
  relative_paths         = ["/shipments"]
  load_balance_algorithm = "WEIGHTED"
  deploy_environments    = ["production"]
}

resource "platform_proxy_routing" "shipments" {
  project_name   = platform_api_proxy.shipments.project_name
  api_proxy_name = platform_api_proxy.shipments.name

  routing_address {
    address = "https://shipments-1.internal:8443/v1"
    weight  = 3 # WEIGHTED: three requests in four
  }
  routing_address {
    address = "https://shipments-2.internal:8443/v1"
  }

  deploy_environments  = ["production"]
  wait_for_live_routes = true
}

output "shipments_proxy" {
  value = {
    id             = platform_api_proxy.shipments.id
    relative_paths = platform_api_proxy.shipments.relative_paths
    operations     = platform_api_proxy.shipments.operations
    algorithm      = platform_proxy_routing.shipments.load_balance_algorithm
    backends       = [for a in platform_proxy_routing.shipments.routing_address : "${a.address} (weight ${a.weight})"]
  }
}

output "orders_routing" {
  value = {
    api_type    = platform_proxy_routing.orders.api_type
    algorithm   = platform_proxy_routing.orders.load_balance_algorithm
    addresses   = [for a in platform_proxy_routing.orders.routing_address : "${a.address} (${coalesce(a.address_type, "PRIMARY")}, weight ${a.weight})"]
    deployed_to = platform_proxy_routing.orders.deploy_environments
  }
}

output "billing_routing" {
  value = {
    api_type  = platform_proxy_routing.billing.api_type
    algorithm = platform_proxy_routing.billing.load_balance_algorithm
    addresses = [for a in platform_proxy_routing.billing.routing_address : "${a.address} (${a.soap_type}, weight ${a.weight})"]
  }
}

output "apis" {
  value = {
    for api in [platform_api.payments, platform_api.orders] : api.name => {
      id                  = api.id
      version             = api.version.name
      production_endpoint = api.production_endpoint
    }
  }
}

# Read back through the data sources, as another team's configuration would.
data "platform_api_proxy" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
  depends_on     = [platform_proxy_routing.billing]
}

# The data source shows an API with its latest version: 2.0, once added.
data "platform_api" "payments" {
  id         = platform_api.payments.id
  depends_on = [platform_api_version.payments_v2]
}

data "platform_api_versions" "payments" {
  api_id     = platform_api.payments.id
  depends_on = [platform_api_version.payments_v2]
}

data "platform_api_proxy" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  environments   = ["production", "test"]
  depends_on     = [platform_proxy_routing.orders]
}

output "billing_proxy_seen_by_data_source" {
  value = {
    api_type = data.platform_api_proxy.billing.api_type
    # The current release does not report SOAP versions: the data source
    # says so (null) rather than guess.
    backends  = [for a in data.platform_api_proxy.billing.routing_addresses : "${a.address} (${coalesce(a.soap_type, "SOAP version not reported")})"]
    algorithm = data.platform_api_proxy.billing.load_balance_algorithm
  }
}

output "payments_live_versions" {
  value = {
    managed_by_platform_api         = platform_api.payments.version.name
    managed_by_platform_api_version = platform_api_version.payments_v2.name
    v2_operations_from_openapi      = [for name, o in platform_api_version.payments_v2.operations : "${o.method} ${o.path} (${name})"]
    on_the_platform                 = [for v in data.platform_api_versions.payments.versions : v.name]
  }
}

output "payments_latest_version_seen_by_data_source" {
  value = "${data.platform_api.payments.version.name}: ${data.platform_api.payments.version.target_api.endpoints[0].uri}"
}

output "orders_deployments_seen_by_data_source" {
  value = { for d in data.platform_api_proxy.orders.deployments : d.environment => d.deployed ? "deployed${d.redeploy_required ? " (redeploy required)" : ""}" : "not deployed" }
}
