// Package provider implements the platform Terraform provider.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
)

const (
	defaultRequestTimeout = 30 * time.Second
	defaultMaxRetries     = 4
)

var (
	_ provider.Provider                  = (*platformProvider)(nil)
	_ provider.ProviderWithListResources = (*platformProvider)(nil)
	_ provider.ProviderWithActions       = (*platformProvider)(nil)
)

// Option changes provider behaviour that users do not configure (tests use
// it to shorten retry waits).
type Option func(*platformProvider)

// WithRetryWait bounds the backoff between retries when the platform sends
// no Retry-After.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(p *platformProvider) { p.retryWaitMin, p.retryWaitMax = minWait, maxWait }
}

type platformProvider struct {
	version      string
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	// configured is what Configure handed to resources, for the fast paths
	// of internal/protocol.
	configured atomic.Pointer[providerData]
}

var _ protocol.Configured = (*platformProvider)(nil)

// ResourceData is what Configure handed to resources, nil before; Configure
// never defers.
func (p *platformProvider) ResourceData() any {
	if d := p.configured.Load(); d != nil {
		return d
	}
	return nil
}

// New returns a constructor for the provider server.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &platformProvider{version: version}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type providerModel struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	Token          types.String `tfsdk:"token"`
	FedMemberID    types.String `tfsdk:"fed_member_id"`
	Email          types.String `tfsdk:"email"`
	Password       types.String `tfsdk:"password"`
	Insecure       types.Bool   `tfsdk:"insecure"`
	CACertFile     types.String `tfsdk:"ca_cert_file"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
}

func (p *platformProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "platform"
	resp.Version = p.version
}

func (p *platformProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API-management platform: the APIs of its catalog with their live versions " +
			"(`platform_api`, `platform_api_version`) and the backend routing of its API proxies (`platform_proxy_routing`).",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the platform's management API, e.g. `https://manager.example.com`. " +
					"Can also be set with `PLATFORM_ENDPOINT`; required one way or the other.",
				Validators: []validator.String{httpURL()},
			},
			"token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Personal API Access Token for the API proxy operations (`/apiops/`); " +
					"needed by `platform_proxy_routing` and the data sources `platform_api_proxy` and `platform_api_proxies`. " +
					"Can also be set with `PLATFORM_TOKEN`.",
			},
			"fed_member_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Tenant name of the API catalog session, e.g. `acmepaymentscorp`; " +
					"needed by `platform_api`, `platform_api_version` and the data sources `platform_api`, `platform_apis` and `platform_api_versions`. Can also be set with `PLATFORM_FED_MEMBER_ID`.",
			},
			"email": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Login email for the API catalog (`/api/`); needed by `platform_api`, `platform_api_version` " +
					"and the data sources `platform_api`, `platform_apis` and `platform_api_versions`. " +
					"Can also be set with `PLATFORM_EMAIL`.",
			},
			"password": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Login password for the API catalog; needed by `platform_api`, `platform_api_version` " +
					"and the data sources `platform_api`, `platform_apis` and `platform_api_versions`. " +
					"Can also be set with `PLATFORM_PASSWORD`.",
			},
			"insecure": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip TLS certificate verification. Never the default; for test platforms only. " +
					"Can also be set with `PLATFORM_INSECURE`.",
			},
			"ca_cert_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path to a PEM file of extra certificate authorities to trust, for platforms " +
					"behind an internal CA. Can also be set with `PLATFORM_CA_CERT_FILE`.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Timeout of each HTTP attempt, as a Go duration such as `30s` or `2m`. Defaults to `30s`.",
				Validators:          []validator.String{positiveDuration()},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a request is repeated after a rate limit (429), an unavailable " +
					"platform (503), a server error or a dropped connection on an idempotent request; 0 to 10. Defaults to `4`.",
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
		},
	}
}

func (p *platformProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{unknown: map[string]bool{}}
	cfg := client.Config{
		Endpoint:    data.stringValue("endpoint", m.Endpoint, "PLATFORM_ENDPOINT"),
		Token:       data.stringValue("token", m.Token, "PLATFORM_TOKEN"),
		FedMemberID: data.stringValue("fed_member_id", m.FedMemberID, "PLATFORM_FED_MEMBER_ID"),
		Email:       data.stringValue("email", m.Email, "PLATFORM_EMAIL"),
		Password:    data.stringValue("password", m.Password, "PLATFORM_PASSWORD"),
		CACertFile:  data.stringValue("ca_cert_file", m.CACertFile, "PLATFORM_CA_CERT_FILE"),
		MaxRetries:  defaultMaxRetries,
		UserAgent: fmt.Sprintf("terraform-provider-platform/%s (+https://registry.terraform.io/providers/apiplatform/platform) Terraform/%s",
			p.version, req.TerraformVersion),
		RequestTimeout: defaultRequestTimeout,
		RetryWaitMin:   p.retryWaitMin,
		RetryWaitMax:   p.retryWaitMax,
	}
	cfg.Insecure = insecureValue(m.Insecure, &resp.Diagnostics)
	// Unknown, it may yet be true: no client is built, so no plan-time read
	// fails on a certificate the apply would accept.
	data.unknown["insecure"] = m.Insecure.IsUnknown()
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if d, err := time.ParseDuration(m.RequestTimeout.ValueString()); err == nil && d > 0 {
		cfg.RequestTimeout = d
	}
	data.cfg = cfg
	resp.ResourceData, resp.DataSourceData, resp.ListResourceData, resp.ActionData = data, data, data, data
	p.configured.Store(data)
	if resp.Diagnostics.HasError() || data.unknown["endpoint"] || data.unknown["insecure"] || data.unknown["ca_cert_file"] {
		return
	}
	if cfg.Endpoint == "" {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Missing platform endpoint",
			"Set endpoint in the provider block or the PLATFORM_ENDPOINT environment variable, "+
				"e.g. https://manager.example.com.")
		return
	}
	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	data.client = c
}

func insecureValue(v types.Bool, diags interface {
	AddAttributeError(path.Path, string, string)
}) bool {
	if !v.IsNull() {
		return v.ValueBool()
	}
	env := os.Getenv("PLATFORM_INSECURE")
	if env == "" {
		return false
	}
	b, err := strconv.ParseBool(env)
	if err != nil {
		diags.AddAttributeError(path.Root("insecure"), "Invalid PLATFORM_INSECURE",
			fmt.Sprintf("PLATFORM_INSECURE must be true or false, got %q.", env))
	}
	return b
}

func (p *platformProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewProxyRoutingResource,
		NewAPIResource,
		NewAPIVersionResource,
	}
}

func (p *platformProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAPIDataSource,
		NewAPIVersionsDataSource,
		NewAPIProxyDataSource,
		NewAPIsDataSource,
		NewAPIProxiesDataSource,
	}
}

// ListResources are the list resources of terraform query (Terraform
// 1.14+), one per resource type they list.
func (p *platformProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewProxyRoutingListResource,
		NewAPIListResource,
		NewAPIVersionListResource,
	}
}

// Actions are what terraform apply -invoke and action triggers run
// (Terraform 1.14+).
func (p *platformProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewDeployAction,
		NewUndeployAction,
	}
}

func (p *platformProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewOpenAPIOperationsFunction,
	}
}
