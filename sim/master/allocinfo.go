package master

import (
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// injectAllocationInfo gives every resource of a task (and of its
// executor) the offer's allocation role where the scheduler set none, as
// Mesos's master does to each accepted operation before validating it
// (schedulers that are not MULTI_ROLE never set it). Without it the
// allocator cannot tell which role the used resources belong to.
func injectAllocationInfo(t *mesosv1.TaskInfo, offer *mesosv1.Offer) {
	info := offer.GetAllocationInfo()
	if info == nil {
		return
	}
	set := func(rs []*mesosv1.Resource) {
		for _, r := range rs {
			if r.AllocationInfo == nil {
				r.AllocationInfo = proto.Clone(info).(*mesosv1.Resource_AllocationInfo)
			}
		}
	}
	set(t.GetResources())
	set(t.GetExecutor().GetResources())
}
