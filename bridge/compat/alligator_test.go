package compat_test

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/compat"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/messages/alligator"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

func enc(t *testing.T, m proto.Message) []byte {
	b, err := proto.MarshalOptions{AllowPartial: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEveryAlligatorEvent maps each of alligator's 19 event types to a
// valid bridge call of the matching type, owned by the right actor.
func TestEveryAlligatorEvent(t *testing.T) {
	fw, fwInfo, ag, agInfo := bridgetest.FrameworkID(1), bridgetest.FrameworkInfo(1, "f", "*"), bridgetest.SlaveID(1), bridgetest.SlaveInfo(1)
	res := agInfo.Resources
	reserved := bridgetest.Scalar("cpus", 1)
	reserved.Reservations = []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: ptr("r"), Principal: ptr("p")}}
	events := map[string]struct {
		msg  proto.Message
		want bridgev1.Call_Type
	}{
		"AddFramework":        {&alligator.AddFramework{FrameworkId: fw, FrameworkInfo: fwInfo, SlaveResources: []*alligator.SlaveResources{{SlaveId: ag, Resources: res}}}, bridgev1.Call_ADD_FRAMEWORK},
		"RemoveFramework":     {&alligator.RemoveFramework{FrameworkId: fw}, bridgev1.Call_REMOVE_FRAMEWORK},
		"ActivateFramework":   {&alligator.ActivateFramework{FrameworkId: fw}, bridgev1.Call_ACTIVATE_FRAMEWORK},
		"DeactivateFramework": {&alligator.DeactivateFramework{FrameworkId: fw}, bridgev1.Call_DEACTIVATE_FRAMEWORK},
		"AddSlave":            {&alligator.AddSlave{SlaveId: ag, SlaveInfo: agInfo, Total: res, FrameworkResources: []*alligator.FrameworkResources{{FrameworkId: fw, Resources: res}}}, bridgev1.Call_ADD_SLAVE},
		"RemoveSlave":         {&alligator.RemoveSlave{SlaveId: ag}, bridgev1.Call_REMOVE_SLAVE},
		"UpdateSlave":         {&alligator.UpdateSlave{SlaveId: ag, Resources: res}, bridgev1.Call_UPDATE_SLAVE},
		"ActivateSlave":       {&alligator.ActivateSlave{SlaveId: ag}, bridgev1.Call_ACTIVATE_SLAVE},
		"DeactivateSlave":     {&alligator.DeactivateSlave{SlaveId: ag}, bridgev1.Call_DEACTIVATE_SLAVE},
		"UpdateWhitelist":     {&alligator.UpdateWhitelist{Whitelist: []string{"h1"}}, bridgev1.Call_UPDATE_WHITELIST},
		"RequestResources":    {&alligator.RequestResources{FrameworkId: fw, Requests: []*mesos.Request{{SlaveId: ag}}}, bridgev1.Call_REQUEST_RESOURCES},
		"UpdateAllocation": {&alligator.UpdateAllocation{FrameworkId: fw, SlaveId: ag, Operations: []*mesos.Offer_Operation{
			{Type: mesos.Offer_Operation_RESERVE.Enum(), Reserve: &mesos.Offer_Operation_Reserve{Resources: []*mesos.Resource{reserved}}},
			{Type: mesos.Offer_Operation_LAUNCH.Enum()},
		}}, bridgev1.Call_UPDATE_ALLOCATION},
		"RecoverResources":                  {&alligator.RecoverResources{FrameworkId: fw, SlaveId: ag, Resources: res}, bridgev1.Call_RECOVER_RESOURCES},
		"ReviveOffers":                      {&alligator.ReviveOffers{FrameworkId: fw}, bridgev1.Call_REVIVE_OFFERS},
		"UpdateFramework":                   {&alligator.UpdateFramework{FrameworkId: fw, FrameworkInfo: fwInfo}, bridgev1.Call_UPDATE_FRAMEWORK},
		"MasterLaunchTaskLabelDecorator":    {&alligator.MasterLaunchTaskLabelDecorator{TaskInfo: bridgetest.TaskInfo(1), FrameworkInfo: fwInfo, SlaveInfo: agInfo}, bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR},
		"SlaveRunTaskLabelDecorator":        {&alligator.SlaveRunTaskLabelDecorator{TaskInfo: bridgetest.TaskInfo(1), FrameworkInfo: fwInfo, SlaveInfo: agInfo}, bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR},
		"SlaveExecutorEnvironmentDecorator": {&alligator.SlaveExecutorEnvironmentDecorator{ExecutorInfo: bridgetest.ExecutorInfo(1)}, bridgev1.Call_SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR},
		"SlaveRemoveExecutorHook":           {&alligator.SlaveRemoveExecutorHook{FrameworkInfo: fwInfo, ExecutorInfo: bridgetest.ExecutorInfo(1)}, bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK},
	}
	if len(alligator.EventTypes()) != len(events) {
		t.Fatalf("%d event types, %d tested", len(alligator.EventTypes()), len(events))
	}
	for _, name := range alligator.EventTypes() {
		t.Run(name, func(t *testing.T) {
			ev, ok := events[name]
			if !ok {
				t.Fatal("untested event type")
			}
			c, err := compat.FromAlligator(name, enc(t, ev.msg))
			if err != nil {
				t.Fatal(err)
			}
			if c.GetType() != ev.want || bridgev1.Validate(c) != nil {
				t.Fatalf("call %v (%v)", c, bridgev1.Validate(c))
			}
			if bridgev1.KindOf(c.GetType()) == bridgev1.KindOneWay {
				if _, err := owner.KeyOf(c); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	t.Run("details", func(t *testing.T) {
		c, _ := compat.FromAlligator("AddFramework", enc(t, events["AddFramework"].msg))
		if !c.GetAddFramework().GetActive() || len(c.GetAddFramework().GetUsed()) != 1 {
			t.Errorf("AddFramework %v", c)
		}
		c, _ = compat.FromAlligator("UpdateWhitelist", enc(t, &alligator.UpdateWhitelist{}))
		if c.GetUpdateWhitelist().GetWhitelist() != nil {
			t.Errorf("an empty whitelist is None: %v", c)
		}
		c, _ = compat.FromAlligator("UpdateAllocation", enc(t, events["UpdateAllocation"].msg))
		if u := c.GetUpdateAllocation(); len(u.GetConversions()) != 1 || len(u.GetOfferedResources()) != 1 {
			t.Errorf("UpdateAllocation %v", u)
		}
		c, _ = compat.FromAlligator("UpdateSlave", enc(t, events["UpdateSlave"].msg))
		if c.GetUpdateSlave().GetOversubscribed() == nil || c.GetUpdateSlave().GetTotal() != nil {
			t.Errorf("UpdateSlave %v", c)
		}
	})
	if _, err := compat.FromAlligator("SlaveResources", nil); !errors.Is(err, compat.ErrUnknownType) {
		t.Errorf("a part message is no event: %v", err)
	}
	if _, err := compat.FromAlligator("AddSlave", []byte{0xff}); !errors.Is(err, compat.ErrValue) {
		t.Errorf("bad value: %v", err)
	}
}

func TestAlligatorAnswer(t *testing.T) {
	call := bridgetest.Sample(bridgev1.Call_SLAVE_RUN_TASK_LABEL_DECORATOR, 1)
	b, err := compat.AlligatorAnswer(call, &bridgev1.HookResult{None: true})
	var l mesos.Labels
	if err != nil || proto.Unmarshal(b, &l) != nil || !proto.Equal(&l, call.GetSlaveRunTaskLabelDecorator().GetTaskInfo().GetLabels()) {
		t.Fatalf("none: %v %v", &l, err)
	}
	rm := bridgetest.Sample(bridgev1.Call_SLAVE_REMOVE_EXECUTOR_HOOK, 1)
	if b, err := compat.AlligatorAnswer(rm, &bridgev1.HookResult{None: true}); b != nil || err != nil {
		t.Fatalf("remove: %q %v", b, err)
	}
	if _, err := compat.AlligatorAnswer(call, &bridgev1.HookResult{Error: "x"}); err == nil {
		t.Fatal("error result")
	}
}

func ptr[T any](v T) *T { return &v }
