package owner

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Kind is the kind of an owner.
type Kind uint8

// The kinds of owner.
const (
	// Cluster is the registry: the cluster-wide record (allocator options,
	// whitelist, quota, weights, pause) and the directory of owners.
	Cluster Kind = iota + 1
	// Framework is a framework actor, one per FrameworkID.
	Framework
	// Agent is an agent actor, one per SlaveID.
	Agent
)

// String returns "cluster", "framework" or "agent".
func (k Kind) String() string {
	switch k {
	case Cluster:
		return "cluster"
	case Framework:
		return "framework"
	case Agent:
		return "agent"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// MaxIDLen bounds framework and agent ids, in bytes.
const MaxIDLen = 512

// Key names one owner.
type Key struct {
	Kind Kind
	ID   string // empty for Cluster
}

// ClusterKey is the key of the registry.
var ClusterKey = Key{Kind: Cluster}

// String returns the key as "framework/<id>", "agent/<id>" or "cluster".
func (k Key) String() string { return k.Stream() }

// Stream is the journal stream of the owner's record.
func (k Key) Stream() string {
	if k.Kind == Cluster {
		return "cluster"
	}
	return k.Kind.String() + "/" + k.ID
}

// ChildName is the owner's child id under its supervisor: the id itself,
// escaped when it holds characters a child id may not ('/', '%').
func ChildName(id string) string {
	if strings.ContainsAny(id, "/%") {
		return url.PathEscape(id)
	}
	return id
}

// ValidID checks a framework or agent id.
func ValidID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: empty id", ErrNoOwner)
	case len(id) > MaxIDLen:
		return fmt.Errorf("%w: id longer than %d bytes", ErrNoOwner, MaxIDLen)
	case strings.IndexByte(id, 0) >= 0 || !utf8.ValidString(id):
		return fmt.Errorf("%w: id %q is not valid text", ErrNoOwner, id)
	}
	return nil
}

// KeyOf returns the owner of a one-way (or state-changing request) call:
// the table of docs/bridge.md. Calls that name a framework go to the
// framework (its allocation, filters, suppressed roles live there), calls
// that name only an agent or concern its availability go to the agent, and
// the cluster-wide calls go to the registry. It fails with ErrNotOwned for
// hooks, SUBSCRIBE and GET_INVERSE_OFFER_STATUSES, and with ErrNoOwner when
// the id is missing.
func KeyOf(c *bridgev1.Call) (Key, error) {
	switch c.GetType() {
	case bridgev1.Call_INITIALIZE, bridgev1.Call_RECOVER, bridgev1.Call_UPDATE_WHITELIST,
		bridgev1.Call_UPDATE_QUOTA, bridgev1.Call_UPDATE_WEIGHTS, bridgev1.Call_PAUSE, bridgev1.Call_RESUME:
		return ClusterKey, nil
	case bridgev1.Call_ADD_FRAMEWORK:
		return frameworkKey(c.GetAddFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_REMOVE_FRAMEWORK:
		return frameworkKey(c.GetRemoveFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_ACTIVATE_FRAMEWORK:
		return frameworkKey(c.GetActivateFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_DEACTIVATE_FRAMEWORK:
		return frameworkKey(c.GetDeactivateFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_UPDATE_FRAMEWORK:
		return frameworkKey(c.GetUpdateFramework().GetFrameworkId().GetValue())
	case bridgev1.Call_REQUEST_RESOURCES:
		return frameworkKey(c.GetRequestResources().GetFrameworkId().GetValue())
	case bridgev1.Call_UPDATE_ALLOCATION:
		return frameworkKey(c.GetUpdateAllocation().GetFrameworkId().GetValue())
	case bridgev1.Call_RECOVER_RESOURCES:
		return frameworkKey(c.GetRecoverResources().GetFrameworkId().GetValue())
	case bridgev1.Call_SUPPRESS_OFFERS:
		return frameworkKey(c.GetSuppressOffers().GetFrameworkId().GetValue())
	case bridgev1.Call_REVIVE_OFFERS:
		return frameworkKey(c.GetReviveOffers().GetFrameworkId().GetValue())
	case bridgev1.Call_ADD_SLAVE:
		return agentKey(c.GetAddSlave().GetSlaveId().GetValue())
	case bridgev1.Call_REMOVE_SLAVE:
		return agentKey(c.GetRemoveSlave().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_SLAVE:
		return agentKey(c.GetUpdateSlave().GetSlaveId().GetValue())
	case bridgev1.Call_ADD_RESOURCE_PROVIDER:
		return agentKey(c.GetAddResourceProvider().GetSlaveId().GetValue())
	case bridgev1.Call_ACTIVATE_SLAVE:
		return agentKey(c.GetActivateSlave().GetSlaveId().GetValue())
	case bridgev1.Call_DEACTIVATE_SLAVE:
		return agentKey(c.GetDeactivateSlave().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_AVAILABLE:
		return agentKey(c.GetUpdateAvailable().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_UNAVAILABILITY:
		return agentKey(c.GetUpdateUnavailability().GetSlaveId().GetValue())
	case bridgev1.Call_UPDATE_INVERSE_OFFER:
		u := c.GetUpdateInverseOffer()
		if err := ValidID(u.GetFrameworkId().GetValue()); err != nil {
			return Key{}, fmt.Errorf("framework_id: %w", err)
		}
		return agentKey(u.GetSlaveId().GetValue())
	case bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED:
		return agentKey(c.GetTransitionOfferedToAllocated().GetSlaveId().GetValue())
	}
	return Key{}, fmt.Errorf("%w: %s", ErrNotOwned, c.GetType())
}

func frameworkKey(id string) (Key, error) {
	if err := ValidID(id); err != nil {
		return Key{}, fmt.Errorf("framework_id: %w", err)
	}
	return Key{Kind: Framework, ID: id}, nil
}

func agentKey(id string) (Key, error) {
	if err := ValidID(id); err != nil {
		return Key{}, fmt.Errorf("slave_id: %w", err)
	}
	return Key{Kind: Agent, ID: id}, nil
}

// UnescapeChildName reverses ChildName.
func UnescapeChildName(name string) string {
	if !strings.Contains(name, "%") {
		return name
	}
	if id, err := url.PathUnescape(name); err == nil {
		return id
	}
	return name
}
