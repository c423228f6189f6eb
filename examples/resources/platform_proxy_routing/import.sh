# The import ID is {project_name}/{api_proxy_name}.
terraform import platform_proxy_routing.orders ecommerce/orders-api
