# The import ID is {project_name}/{name}. The platform does not report the
# document a proxy was made from: the configuration gives it, and the first
# apply records it (re-parsing only if the proxy's operations differ).
terraform import platform_api_proxy.orders ecommerce/orders-api-v2
