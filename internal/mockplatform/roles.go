package mockplatform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Address roles and health monitoring, which only the routing vendor's
// current release serves (wire/PROTOCOL.md §2.7). Older managers accept the
// four fields and store none of them.

// roles reports whether this manager variant serves §2.7.
func (s *Server) roles() bool { return s.cfg.LatestManager }

// checkRole validates the §2.7 fields of entry i. An empty addressType is
// the default, PRIMARY, like any empty value the platform fills in. A
// healthCheckPath must start with "/": it is a path on the address's host,
// and the contract's only example is "/health"; the contract does not
// say, so this is the mock's reading.
func checkRole(i int, a addressInput) string {
	kind := addressType(deref(a.AddressType))
	if !slices.Contains(wire.AddressTypes, kind) {
		return fmt.Sprintf("routingAddressList[%d].addressType must be one of %s", i, strings.Join(wire.AddressTypes, ", "))
	}
	path := deref(a.HealthCheckPath)
	if path == "" {
		return ""
	}
	if kind != wire.AddressPrimary && kind != wire.AddressFailoverOnly {
		return fmt.Sprintf("routingAddressList[%d].healthCheckPath is allowed on PRIMARY and FAILOVER_ONLY addresses only, not on %s", i, kind)
	}
	if !strings.HasPrefix(path, "/") {
		return fmt.Sprintf("routingAddressList[%d].healthCheckPath must start with \"/\": %q", i, path)
	}
	return ""
}

// needsPrimary is the message for a non-empty list without a PRIMARY
// address, or "".
func needsPrimary(list []wire.RoutingAddress) string {
	if len(list) == 0 || slices.ContainsFunc(list, func(a wire.RoutingAddress) bool {
		return addressType(a.AddressType) == wire.AddressPrimary
	}) {
		return ""
	}
	return "At least one PRIMARY address is required"
}

// withRole copies the §2.7 fields sent into the address stored, as sent:
// the mock's Proxy shows what the client sent, and an absent addressType
// stays empty there (it means PRIMARY).
func withRole(ra wire.RoutingAddress, a addressInput) wire.RoutingAddress {
	ra.AddressType, ra.Description, ra.HealthCheckPath = deref(a.AddressType), deref(a.Description), deref(a.HealthCheckPath)
	if a.HealthMonitoringEnabled != nil {
		ra.HealthMonitoringEnabled = boolPtr(*a.HealthMonitoringEnabled)
	}
	return ra
}

// withoutRole is an address as older managers store it: address, weight
// and soapType.
func withoutRole(a wire.RoutingAddress) wire.RoutingAddress {
	return wire.RoutingAddress{Address: a.Address, Weight: a.Weight, SoapType: a.SoapType}
}

// storedAddresses is what this variant keeps of a list set behind the
// client's back or seeded; it shares nothing with list.
func (s *Server) storedAddresses(list []wire.RoutingAddress) []wire.RoutingAddress {
	out := cloneAddresses(list)
	if !s.roles() {
		for i := range out {
			out[i] = withoutRole(out[i])
		}
	}
	return out
}

func addressType(t string) string { return orDefault(t, wire.AddressPrimary) }

// monitored is healthMonitoringEnabled as the platform applies it: off
// unless sent as true.
func monitored(a wire.RoutingAddress) bool {
	return a.HealthMonitoringEnabled != nil && *a.HealthMonitoringEnabled
}

// sameAddresses compares two lists by what the platform does with them:
// the values behind HealthMonitoringEnabled, not the pointers, and an
// absent addressType as PRIMARY. Saving a list equal to the saved one is
// no change, so it leaves deployments current.
func sameAddresses(a, b []wire.RoutingAddress) bool {
	return slices.EqualFunc(a, b, func(x, y wire.RoutingAddress) bool {
		return x.Address == y.Address && x.Weight == y.Weight && x.SoapType == y.SoapType &&
			addressType(x.AddressType) == addressType(y.AddressType) && x.Description == y.Description &&
			x.HealthCheckPath == y.HealthCheckPath && monitored(x) == monitored(y)
	})
}

// cloneAddresses copies a list and the flags it points at.
func cloneAddresses(list []wire.RoutingAddress) []wire.RoutingAddress {
	if list == nil {
		return nil
	}
	out := slices.Clone(list)
	for i := range out {
		if out[i].HealthMonitoringEnabled != nil {
			out[i].HealthMonitoringEnabled = boolPtr(*out[i].HealthMonitoringEnabled)
		}
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func boolPtr(b bool) *bool { return &b }
