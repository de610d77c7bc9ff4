package allocator

import (
	"fmt"
	"regexp"

	"github.com/mactor/mactor/messages/mesos"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// offerConstraints is a compiled scheduler OfferConstraints: per role, a
// list of groups; an agent passes a role's constraints when every
// constraint of at least one group holds (Mesos's OfferConstraintsFilter).
// A role without constraints excludes no agent.
type offerConstraints map[string][][]attributeConstraint

type attributeConstraint struct {
	pseudo    schedulerv1.AttributeConstraint_Selector_PseudoattributeType
	attribute string // selector by attribute name when pseudo is UNKNOWN
	pred      predicate
}

type predicateKind uint8

const (
	predExists predicateKind = iota
	predNotExists
	predTextEquals
	predTextNotEquals
	predTextMatches
	predTextNotMatches
)

type predicate struct {
	kind  predicateKind
	value string
	re    *regexp.Regexp
}

// compileOfferConstraints validates and compiles constraints (nil means
// none). Regular expressions use Go's RE2 syntax and must match the whole
// value, like Mesos's RE2::FullMatch.
func compileOfferConstraints(c *schedulerv1.OfferConstraints) (offerConstraints, error) {
	if c == nil || len(c.GetRoleConstraints()) == 0 {
		return nil, nil
	}
	out := make(offerConstraints, len(c.GetRoleConstraints()))
	for role, rc := range c.GetRoleConstraints() {
		var groups [][]attributeConstraint
		for _, g := range rc.GetGroups() {
			var group []attributeConstraint
			for _, ac := range g.GetAttributeConstraints() {
				compiled, err := compileAttributeConstraint(ac)
				if err != nil {
					return nil, fmt.Errorf("%w: offer constraints of role %q: %w", ErrInvalidOption, role, err)
				}
				group = append(group, compiled)
			}
			groups = append(groups, group)
		}
		out[role] = groups
	}
	return out, nil
}

func compileAttributeConstraint(ac *schedulerv1.AttributeConstraint) (attributeConstraint, error) {
	var out attributeConstraint
	sel := ac.GetSelector()
	switch s := sel.GetSelector().(type) {
	case *schedulerv1.AttributeConstraint_Selector_PseudoattributeType_:
		if s.PseudoattributeType == schedulerv1.AttributeConstraint_Selector_UNKNOWN {
			return out, fmt.Errorf("unknown pseudoattribute type")
		}
		out.pseudo = s.PseudoattributeType
	case *schedulerv1.AttributeConstraint_Selector_AttributeName:
		out.attribute = s.AttributeName
	default:
		return out, fmt.Errorf("exactly one of 'name' or 'pseudoattribute_type' must be set")
	}
	p := ac.GetPredicate()
	var err error
	switch {
	case p.GetExists() != nil:
		out.pred.kind = predExists
	case p.GetNotExists() != nil:
		out.pred.kind = predNotExists
	case p.GetTextEquals() != nil:
		out.pred = predicate{kind: predTextEquals, value: p.GetTextEquals().GetValue()}
	case p.GetTextNotEquals() != nil:
		out.pred = predicate{kind: predTextNotEquals, value: p.GetTextNotEquals().GetValue()}
	case p.GetTextMatches() != nil:
		out.pred.kind = predTextMatches
		out.pred.re, err = regexp.Compile(`^(?:` + p.GetTextMatches().GetRegex() + `)$`)
	case p.GetTextNotMatches() != nil:
		out.pred.kind = predTextNotMatches
		out.pred.re, err = regexp.Compile(`^(?:` + p.GetTextNotMatches().GetRegex() + `)$`)
	default:
		return out, fmt.Errorf("unknown predicate type")
	}
	if err != nil {
		return out, fmt.Errorf("failed to construct regex: %w", err)
	}
	return out, nil
}

// excludes reports whether the constraints exclude the agent for role.
func (oc offerConstraints) excludes(role string, info *mesos.SlaveInfo) bool {
	groups, ok := oc[role]
	if !ok {
		return false
	}
	for _, g := range groups {
		all := true
		for i := range g {
			if !g[i].evaluate(info) {
				all = false
				break
			}
		}
		if all {
			return false
		}
	}
	return true
}

// evaluate applies the predicate to a missing value, a pseudo-attribute
// string or a named attribute, as Mesos does: a non-TEXT attribute
// satisfies every text predicate.
func (c *attributeConstraint) evaluate(info *mesos.SlaveInfo) bool {
	if c.attribute != "" || c.pseudo == schedulerv1.AttributeConstraint_Selector_UNKNOWN {
		for _, a := range info.GetAttributes() {
			if a.GetName() == c.attribute {
				if a.GetType() != mesos.Value_TEXT {
					return c.pred.kind != predNotExists
				}
				return c.pred.applyString(a.GetText().GetValue())
			}
		}
		return c.pred.applyMissing()
	}
	var value string
	switch c.pseudo {
	case schedulerv1.AttributeConstraint_Selector_HOSTNAME:
		return c.pred.applyString(info.GetHostname())
	case schedulerv1.AttributeConstraint_Selector_REGION:
		fd := info.GetDomain().GetFaultDomain()
		if fd == nil {
			return c.pred.applyMissing()
		}
		value = fd.GetRegion().GetName()
	case schedulerv1.AttributeConstraint_Selector_ZONE:
		fd := info.GetDomain().GetFaultDomain()
		if fd == nil {
			return c.pred.applyMissing()
		}
		value = fd.GetZone().GetName()
	}
	return c.pred.applyString(value)
}

func (p *predicate) applyMissing() bool {
	switch p.kind {
	case predNotExists, predTextNotEquals, predTextNotMatches:
		return true
	}
	return false
}

func (p *predicate) applyString(s string) bool {
	switch p.kind {
	case predExists:
		return true
	case predNotExists:
		return false
	case predTextEquals:
		return s == p.value
	case predTextNotEquals:
		return s != p.value
	case predTextMatches:
		return p.re.MatchString(s)
	case predTextNotMatches:
		return !p.re.MatchString(s)
	}
	return false
}
