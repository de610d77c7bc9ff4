package registry

import (
	"time"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Rules are the registry's rules: how each cluster-wide call and each
// directory entry changes the ClusterRecord.
func Rules() owner.Rules[*bridgev1.ClusterRecord] {
	return owner.Rules[*bridgev1.ClusterRecord]{
		Kind:     owner.Cluster,
		New:      func(owner.Key) *bridgev1.ClusterRecord { return &bridgev1.ClusterRecord{Meta: &bridgev1.OwnerMeta{}} },
		Meta:     meta,
		Apply:    apply,
		Internal: internal,
	}
}

func meta(r *bridgev1.ClusterRecord) *bridgev1.OwnerMeta {
	if r.Meta == nil {
		r.Meta = &bridgev1.OwnerMeta{}
	}
	return r.Meta
}

func apply(r *bridgev1.ClusterRecord, c *bridgev1.Call, _ time.Time) *bridgev1.Response {
	switch c.GetType() {
	case bridgev1.Call_INITIALIZE:
		r.Options, r.Initialized = c.GetInitialize(), true
	case bridgev1.Call_RECOVER:
		r.Recover = c.GetRecover()
	case bridgev1.Call_UPDATE_WHITELIST:
		r.Whitelist = c.GetUpdateWhitelist().GetWhitelist()
	case bridgev1.Call_UPDATE_QUOTA:
		q := c.GetUpdateQuota()
		if len(q.GetQuota().GetGuarantees()) == 0 && len(q.GetQuota().GetLimits()) == 0 {
			// The default quota (no guarantees, no limits) removes it.
			delete(r.Quotas, q.GetRole())
			break
		}
		if r.Quotas == nil {
			r.Quotas = map[string]*bridgev1.Quota{}
		}
		r.Quotas[q.GetRole()] = q.GetQuota()
	case bridgev1.Call_UPDATE_WEIGHTS:
		for _, w := range c.GetUpdateWeights().GetWeightInfos() {
			if r.Weights == nil {
				r.Weights = map[string]float64{}
			}
			r.Weights[w.GetRole()] = w.GetWeight()
		}
	case bridgev1.Call_PAUSE:
		r.Paused = true
	case bridgev1.Call_RESUME:
		r.Paused = false
	}
	return nil
}

// internal appends directory entries; the registry only sends ids that
// are not in the directory yet.
func internal(r *bridgev1.ClusterRecord, ev *bridgev1.OwnerEvent, _ time.Time) {
	r.Frameworks = append(r.Frameworks, ev.GetAddFrameworks()...)
	r.Agents = append(r.Agents, ev.GetAddAgents()...)
}
