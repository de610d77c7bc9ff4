package schedulerv1_test

import (
	"encoding/json"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mactor/mactor/messages/mesos/internal/schematest"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Local row types keep the table literals below local to this package.
type (
	fieldPin schematest.Field
	enumPin  schematest.EnumValue
)

const (
	req = protoreflect.Required
	opt = protoreflect.Optional
	rep = protoreflect.Repeated

	kBool    = protoreflect.BoolKind
	kInt32   = protoreflect.Int32Kind
	kUint32  = protoreflect.Uint32Kind
	kDouble  = protoreflect.DoubleKind
	kString  = protoreflect.StringKind
	kBytes   = protoreflect.BytesKind
	kEnum    = protoreflect.EnumKind
	kMessage = protoreflect.MessageKind
)

// fieldPins is every field of every message in scheduler.proto (Call and
// Event with all their payloads, plus Response, the offer constraint
// messages and APIResult), with its Mesos 1.11 number, kind, label and type.
var fieldPins = []fieldPin{
	{"mesos.v1.scheduler.Call", "framework_id", 1, kMessage, opt, "mesos.v1.FrameworkID"},
	{"mesos.v1.scheduler.Call", "type", 2, kEnum, opt, "mesos.v1.scheduler.Call.Type"},
	{"mesos.v1.scheduler.Call", "subscribe", 3, kMessage, opt, "mesos.v1.scheduler.Call.Subscribe"},
	{"mesos.v1.scheduler.Call", "accept", 4, kMessage, opt, "mesos.v1.scheduler.Call.Accept"},
	{"mesos.v1.scheduler.Call", "decline", 5, kMessage, opt, "mesos.v1.scheduler.Call.Decline"},
	{"mesos.v1.scheduler.Call", "accept_inverse_offers", 13, kMessage, opt, "mesos.v1.scheduler.Call.AcceptInverseOffers"},
	{"mesos.v1.scheduler.Call", "decline_inverse_offers", 14, kMessage, opt, "mesos.v1.scheduler.Call.DeclineInverseOffers"},
	{"mesos.v1.scheduler.Call", "revive", 15, kMessage, opt, "mesos.v1.scheduler.Call.Revive"},
	{"mesos.v1.scheduler.Call", "kill", 6, kMessage, opt, "mesos.v1.scheduler.Call.Kill"},
	{"mesos.v1.scheduler.Call", "shutdown", 7, kMessage, opt, "mesos.v1.scheduler.Call.Shutdown"},
	{"mesos.v1.scheduler.Call", "acknowledge", 8, kMessage, opt, "mesos.v1.scheduler.Call.Acknowledge"},
	{"mesos.v1.scheduler.Call", "acknowledge_operation_status", 17, kMessage, opt, "mesos.v1.scheduler.Call.AcknowledgeOperationStatus"},
	{"mesos.v1.scheduler.Call", "reconcile", 9, kMessage, opt, "mesos.v1.scheduler.Call.Reconcile"},
	{"mesos.v1.scheduler.Call", "reconcile_operations", 18, kMessage, opt, "mesos.v1.scheduler.Call.ReconcileOperations"},
	{"mesos.v1.scheduler.Call", "message", 10, kMessage, opt, "mesos.v1.scheduler.Call.Message"},
	{"mesos.v1.scheduler.Call", "request", 11, kMessage, opt, "mesos.v1.scheduler.Call.Request"},
	{"mesos.v1.scheduler.Call", "suppress", 16, kMessage, opt, "mesos.v1.scheduler.Call.Suppress"},
	{"mesos.v1.scheduler.Call", "update_framework", 19, kMessage, opt, "mesos.v1.scheduler.Call.UpdateFramework"},
	{"mesos.v1.scheduler.Call.Subscribe", "framework_info", 1, kMessage, req, "mesos.v1.FrameworkInfo"},
	{"mesos.v1.scheduler.Call.Subscribe", "suppressed_roles", 2, kString, rep, ""},
	{"mesos.v1.scheduler.Call.Subscribe", "offer_constraints", 3, kMessage, opt, "mesos.v1.scheduler.OfferConstraints"},
	{"mesos.v1.scheduler.Call.Accept", "offer_ids", 1, kMessage, rep, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Call.Accept", "operations", 2, kMessage, rep, "mesos.v1.Offer.Operation"},
	{"mesos.v1.scheduler.Call.Accept", "filters", 3, kMessage, opt, "mesos.v1.Filters"},
	{"mesos.v1.scheduler.Call.Decline", "offer_ids", 1, kMessage, rep, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Call.Decline", "filters", 2, kMessage, opt, "mesos.v1.Filters"},
	{"mesos.v1.scheduler.Call.AcceptInverseOffers", "inverse_offer_ids", 1, kMessage, rep, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Call.AcceptInverseOffers", "filters", 2, kMessage, opt, "mesos.v1.Filters"},
	{"mesos.v1.scheduler.Call.DeclineInverseOffers", "inverse_offer_ids", 1, kMessage, rep, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Call.DeclineInverseOffers", "filters", 2, kMessage, opt, "mesos.v1.Filters"},
	{"mesos.v1.scheduler.Call.Revive", "roles", 1, kString, rep, ""},
	{"mesos.v1.scheduler.Call.Kill", "task_id", 1, kMessage, req, "mesos.v1.TaskID"},
	{"mesos.v1.scheduler.Call.Kill", "agent_id", 2, kMessage, opt, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.Kill", "kill_policy", 3, kMessage, opt, "mesos.v1.KillPolicy"},
	{"mesos.v1.scheduler.Call.Shutdown", "executor_id", 1, kMessage, req, "mesos.v1.ExecutorID"},
	{"mesos.v1.scheduler.Call.Shutdown", "agent_id", 2, kMessage, req, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.Acknowledge", "agent_id", 1, kMessage, req, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.Acknowledge", "task_id", 2, kMessage, req, "mesos.v1.TaskID"},
	{"mesos.v1.scheduler.Call.Acknowledge", "uuid", 3, kBytes, req, ""},
	{"mesos.v1.scheduler.Call.AcknowledgeOperationStatus", "agent_id", 1, kMessage, opt, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.AcknowledgeOperationStatus", "resource_provider_id", 2, kMessage, opt, "mesos.v1.ResourceProviderID"},
	{"mesos.v1.scheduler.Call.AcknowledgeOperationStatus", "uuid", 3, kBytes, req, ""},
	{"mesos.v1.scheduler.Call.AcknowledgeOperationStatus", "operation_id", 4, kMessage, req, "mesos.v1.OperationID"},
	{"mesos.v1.scheduler.Call.Reconcile", "tasks", 1, kMessage, rep, "mesos.v1.scheduler.Call.Reconcile.Task"},
	{"mesos.v1.scheduler.Call.Reconcile.Task", "task_id", 1, kMessage, req, "mesos.v1.TaskID"},
	{"mesos.v1.scheduler.Call.Reconcile.Task", "agent_id", 2, kMessage, opt, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.ReconcileOperations", "operations", 1, kMessage, rep, "mesos.v1.scheduler.Call.ReconcileOperations.Operation"},
	{"mesos.v1.scheduler.Call.ReconcileOperations.Operation", "operation_id", 1, kMessage, req, "mesos.v1.OperationID"},
	{"mesos.v1.scheduler.Call.ReconcileOperations.Operation", "agent_id", 2, kMessage, opt, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.ReconcileOperations.Operation", "resource_provider_id", 3, kMessage, opt, "mesos.v1.ResourceProviderID"},
	{"mesos.v1.scheduler.Call.Message", "agent_id", 1, kMessage, req, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Call.Message", "executor_id", 2, kMessage, req, "mesos.v1.ExecutorID"},
	{"mesos.v1.scheduler.Call.Message", "data", 3, kBytes, req, ""},
	{"mesos.v1.scheduler.Call.Request", "requests", 1, kMessage, rep, "mesos.v1.Request"},
	{"mesos.v1.scheduler.Call.Suppress", "roles", 1, kString, rep, ""},
	{"mesos.v1.scheduler.Call.UpdateFramework", "framework_info", 1, kMessage, req, "mesos.v1.FrameworkInfo"},
	{"mesos.v1.scheduler.Call.UpdateFramework", "suppressed_roles", 2, kString, rep, ""},
	{"mesos.v1.scheduler.Call.UpdateFramework", "offer_constraints", 3, kMessage, opt, "mesos.v1.scheduler.OfferConstraints"},
	{"mesos.v1.scheduler.Event", "type", 1, kEnum, opt, "mesos.v1.scheduler.Event.Type"},
	{"mesos.v1.scheduler.Event", "subscribed", 2, kMessage, opt, "mesos.v1.scheduler.Event.Subscribed"},
	{"mesos.v1.scheduler.Event", "offers", 3, kMessage, opt, "mesos.v1.scheduler.Event.Offers"},
	{"mesos.v1.scheduler.Event", "inverse_offers", 9, kMessage, opt, "mesos.v1.scheduler.Event.InverseOffers"},
	{"mesos.v1.scheduler.Event", "rescind", 4, kMessage, opt, "mesos.v1.scheduler.Event.Rescind"},
	{"mesos.v1.scheduler.Event", "rescind_inverse_offer", 10, kMessage, opt, "mesos.v1.scheduler.Event.RescindInverseOffer"},
	{"mesos.v1.scheduler.Event", "update", 5, kMessage, opt, "mesos.v1.scheduler.Event.Update"},
	{"mesos.v1.scheduler.Event", "update_operation_status", 11, kMessage, opt, "mesos.v1.scheduler.Event.UpdateOperationStatus"},
	{"mesos.v1.scheduler.Event", "message", 6, kMessage, opt, "mesos.v1.scheduler.Event.Message"},
	{"mesos.v1.scheduler.Event", "failure", 7, kMessage, opt, "mesos.v1.scheduler.Event.Failure"},
	{"mesos.v1.scheduler.Event", "error", 8, kMessage, opt, "mesos.v1.scheduler.Event.Error"},
	{"mesos.v1.scheduler.Event.Subscribed", "framework_id", 1, kMessage, req, "mesos.v1.FrameworkID"},
	{"mesos.v1.scheduler.Event.Subscribed", "heartbeat_interval_seconds", 2, kDouble, opt, ""},
	{"mesos.v1.scheduler.Event.Subscribed", "master_info", 3, kMessage, opt, "mesos.v1.MasterInfo"},
	{"mesos.v1.scheduler.Event.Offers", "offers", 1, kMessage, rep, "mesos.v1.Offer"},
	{"mesos.v1.scheduler.Event.InverseOffers", "inverse_offers", 1, kMessage, rep, "mesos.v1.InverseOffer"},
	{"mesos.v1.scheduler.Event.Rescind", "offer_id", 1, kMessage, req, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Event.RescindInverseOffer", "inverse_offer_id", 1, kMessage, req, "mesos.v1.OfferID"},
	{"mesos.v1.scheduler.Event.Update", "status", 1, kMessage, req, "mesos.v1.TaskStatus"},
	{"mesos.v1.scheduler.Event.UpdateOperationStatus", "status", 1, kMessage, req, "mesos.v1.OperationStatus"},
	{"mesos.v1.scheduler.Event.Message", "agent_id", 1, kMessage, req, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Event.Message", "executor_id", 2, kMessage, req, "mesos.v1.ExecutorID"},
	{"mesos.v1.scheduler.Event.Message", "data", 3, kBytes, req, ""},
	{"mesos.v1.scheduler.Event.Failure", "agent_id", 1, kMessage, opt, "mesos.v1.AgentID"},
	{"mesos.v1.scheduler.Event.Failure", "executor_id", 2, kMessage, opt, "mesos.v1.ExecutorID"},
	{"mesos.v1.scheduler.Event.Failure", "status", 3, kInt32, opt, ""},
	{"mesos.v1.scheduler.Event.Error", "message", 1, kString, req, ""},
	{"mesos.v1.scheduler.Response", "type", 1, kEnum, opt, "mesos.v1.scheduler.Response.Type"},
	{"mesos.v1.scheduler.Response", "reconcile_operations", 2, kMessage, opt, "mesos.v1.scheduler.Response.ReconcileOperations"},
	{"mesos.v1.scheduler.Response.ReconcileOperations", "operation_statuses", 1, kMessage, rep, "mesos.v1.OperationStatus"},
	{"mesos.v1.scheduler.AttributeConstraint", "selector", 1, kMessage, req, "mesos.v1.scheduler.AttributeConstraint.Selector"},
	{"mesos.v1.scheduler.AttributeConstraint", "predicate", 2, kMessage, req, "mesos.v1.scheduler.AttributeConstraint.Predicate"},
	{"mesos.v1.scheduler.AttributeConstraint.Selector", "pseudoattribute_type", 1, kEnum, opt, "mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType"},
	{"mesos.v1.scheduler.AttributeConstraint.Selector", "attribute_name", 2, kString, opt, ""},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "exists", 1, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.Exists"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "not_exists", 2, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.NotExists"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "text_equals", 3, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.TextEquals"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "text_not_equals", 4, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotEquals"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "text_matches", 5, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.TextMatches"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate", "text_not_matches", 6, kMessage, opt, "mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotMatches"},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate.TextEquals", "value", 1, kString, req, ""},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotEquals", "value", 1, kString, req, ""},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate.TextMatches", "regex", 1, kString, req, ""},
	{"mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotMatches", "regex", 1, kString, req, ""},
	{"mesos.v1.scheduler.OfferConstraints", "role_constraints", 1, kMessage, rep, "map<string, mesos.v1.scheduler.OfferConstraints.RoleConstraints>"},
	{"mesos.v1.scheduler.OfferConstraints.RoleConstraints", "groups", 1, kMessage, rep, "mesos.v1.scheduler.OfferConstraints.RoleConstraints.Group"},
	{"mesos.v1.scheduler.OfferConstraints.RoleConstraints.Group", "attribute_constraints", 1, kMessage, rep, "mesos.v1.scheduler.AttributeConstraint"},
	{"mesos.v1.scheduler.APIResult", "status_code", 1, kUint32, req, ""},
	{"mesos.v1.scheduler.APIResult", "response", 2, kMessage, opt, "mesos.v1.scheduler.Response"},
	{"mesos.v1.scheduler.APIResult", "error", 3, kString, opt, ""},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

// enumPins is every value of every enum in scheduler.proto.
var enumPins = []enumPin{
	{"mesos.v1.scheduler.Call.Type", "UNKNOWN", 0},
	{"mesos.v1.scheduler.Call.Type", "SUBSCRIBE", 1},
	{"mesos.v1.scheduler.Call.Type", "TEARDOWN", 2},
	{"mesos.v1.scheduler.Call.Type", "ACCEPT", 3},
	{"mesos.v1.scheduler.Call.Type", "DECLINE", 4},
	{"mesos.v1.scheduler.Call.Type", "ACCEPT_INVERSE_OFFERS", 13},
	{"mesos.v1.scheduler.Call.Type", "DECLINE_INVERSE_OFFERS", 14},
	{"mesos.v1.scheduler.Call.Type", "REVIVE", 5},
	{"mesos.v1.scheduler.Call.Type", "KILL", 6},
	{"mesos.v1.scheduler.Call.Type", "SHUTDOWN", 7},
	{"mesos.v1.scheduler.Call.Type", "ACKNOWLEDGE", 8},
	{"mesos.v1.scheduler.Call.Type", "ACKNOWLEDGE_OPERATION_STATUS", 15},
	{"mesos.v1.scheduler.Call.Type", "RECONCILE", 9},
	{"mesos.v1.scheduler.Call.Type", "RECONCILE_OPERATIONS", 16},
	{"mesos.v1.scheduler.Call.Type", "MESSAGE", 10},
	{"mesos.v1.scheduler.Call.Type", "REQUEST", 11},
	{"mesos.v1.scheduler.Call.Type", "SUPPRESS", 12},
	{"mesos.v1.scheduler.Call.Type", "UPDATE_FRAMEWORK", 17},
	{"mesos.v1.scheduler.Event.Type", "UNKNOWN", 0},
	{"mesos.v1.scheduler.Event.Type", "SUBSCRIBED", 1},
	{"mesos.v1.scheduler.Event.Type", "OFFERS", 2},
	{"mesos.v1.scheduler.Event.Type", "INVERSE_OFFERS", 9},
	{"mesos.v1.scheduler.Event.Type", "RESCIND", 3},
	{"mesos.v1.scheduler.Event.Type", "RESCIND_INVERSE_OFFER", 10},
	{"mesos.v1.scheduler.Event.Type", "UPDATE", 4},
	{"mesos.v1.scheduler.Event.Type", "UPDATE_OPERATION_STATUS", 11},
	{"mesos.v1.scheduler.Event.Type", "MESSAGE", 5},
	{"mesos.v1.scheduler.Event.Type", "FAILURE", 6},
	{"mesos.v1.scheduler.Event.Type", "ERROR", 7},
	{"mesos.v1.scheduler.Event.Type", "HEARTBEAT", 8},
	{"mesos.v1.scheduler.Response.Type", "UNKNOWN", 0},
	{"mesos.v1.scheduler.Response.Type", "RECONCILE_OPERATIONS", 1},
	{"mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType", "UNKNOWN", 0},
	{"mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType", "HOSTNAME", 1},
	{"mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType", "REGION", 2},
	{"mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType", "ZONE", 3},
}

func TestEnumNumbers(t *testing.T) {
	schematest.CheckEnums(t, enumPins)
}

// TestEveryMessagePinned makes sure the tables above cover the whole file.
func TestEveryMessagePinned(t *testing.T) {
	pinned := map[protoreflect.FullName]bool{}
	for _, p := range fieldPins {
		pinned[p.Message] = true
	}
	for _, p := range enumPins {
		pinned[p.Enum] = true
	}
	file := schedulerv1.File_mesos_v1_scheduler_scheduler_proto
	schematest.WalkMessages(file, func(md protoreflect.MessageDescriptor) {
		if md.Fields().Len() > 0 && !pinned[md.FullName()] {
			t.Errorf("message %s has no pinned fields", md.FullName())
		}
	})
	schematest.WalkEnums(file, func(ed protoreflect.EnumDescriptor) {
		if !pinned[ed.FullName()] {
			t.Errorf("enum %s is not pinned", ed.FullName())
		}
	})
}

// TestRoundTrip fills every field of every message in the file and checks
// that it survives the wire unchanged.
func TestRoundTrip(t *testing.T) {
	schematest.WalkMessages(schedulerv1.File_mesos_v1_scheduler_scheduler_proto, func(md protoreflect.MessageDescriptor) {
		t.Run(string(md.FullName()), func(t *testing.T) {
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			m := mt.New()
			schematest.Fill(m, 3)
			b, err := proto.MarshalOptions{AllowPartial: true, Deterministic: true}.Marshal(m.Interface())
			if err != nil {
				t.Fatal(err)
			}
			got := mt.New().Interface()
			if err := (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(b, got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(m.Interface(), got) {
				t.Error("round trip changed the message")
			}
			if u := schematest.UnknownFields(got.ProtoReflect()); len(u) > 0 {
				t.Errorf("unknown fields after round trip: %v", u)
			}
		})
	})
}

// TestSubscribeJSON checks the JSON field names a master expects in a
// SUBSCRIBE call, including the offer constraint oneofs.
func TestSubscribeJSON(t *testing.T) {
	call := &schedulerv1.Call{
		Type: schedulerv1.Call_SUBSCRIBE.Enum(),
		Subscribe: &schedulerv1.Call_Subscribe{
			FrameworkInfo: &mesosv1.FrameworkInfo{
				User:  proto.String("svc"),
				Name:  proto.String("demo"),
				Roles: []string{"demo"},
				Capabilities: []*mesosv1.FrameworkInfo_Capability{
					{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()},
				},
			},
			SuppressedRoles: []string{"demo"},
			OfferConstraints: &schedulerv1.OfferConstraints{
				RoleConstraints: map[string]*schedulerv1.OfferConstraints_RoleConstraints{
					"demo": {Groups: []*schedulerv1.OfferConstraints_RoleConstraints_Group{{
						AttributeConstraints: []*schedulerv1.AttributeConstraint{{
							Selector: &schedulerv1.AttributeConstraint_Selector{
								Selector: &schedulerv1.AttributeConstraint_Selector_AttributeName{AttributeName: "rack"},
							},
							Predicate: &schedulerv1.AttributeConstraint_Predicate{
								Predicate: &schedulerv1.AttributeConstraint_Predicate_TextEquals_{
									TextEquals: &schedulerv1.AttributeConstraint_Predicate_TextEquals{Value: proto.String("r1")},
								},
							},
						}},
					}}},
				},
			},
		},
	}
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(call)
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal([]byte(`{
		"type": "SUBSCRIBE",
		"subscribe": {
			"framework_info": {"user": "svc", "name": "demo", "roles": ["demo"],
				"capabilities": [{"type": "MULTI_ROLE"}]},
			"suppressed_roles": ["demo"],
			"offer_constraints": {"role_constraints": {"demo": {"groups": [{"attribute_constraints": [{
				"selector": {"attribute_name": "rack"},
				"predicate": {"text_equals": {"value": "r1"}}
			}]}]}}}
		}
	}`), &want); err != nil {
		t.Fatal(err)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("JSON\n%s\nwant\n%s", gj, wj)
	}
	var back schedulerv1.Call
	if err := protojson.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(call, &back) {
		t.Error("JSON round trip changed the call")
	}
}
