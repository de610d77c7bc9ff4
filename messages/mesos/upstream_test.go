package mesos_test

import (
	"os"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/mactor/mactor/messages/mesos"
	mesosallocator "github.com/mactor/mactor/messages/mesos/allocator"
	mesosmodule "github.com/mactor/mactor/messages/mesos/module"
	mesosquota "github.com/mactor/mactor/messages/mesos/quota"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// upstreamDescriptors is a FileDescriptorSet compiled by protoc 3.21.12 from
// the unmodified Apache Mesos 1.11.0 sources (include/mesos/...), without
// source info, i.e. names, numbers, types, labels, defaults and options
// only. Regenerate with, from a Mesos 1.11.0 checkout's include/ directory:
//
//	protoc -I . --include_imports -o mesos-1.11.0.binpb \
//	  mesos/v1/mesos.proto mesos/mesos.proto \
//	  mesos/v1/scheduler/scheduler.proto mesos/v1/executor/executor.proto \
//	  mesos/allocator/allocator.proto mesos/quota/quota.proto \
//	  mesos/module/hook.proto
const upstreamDescriptors = "testdata/mesos-1.11.0.binpb"

// normalize drops what may legitimately differ from upstream: file-level
// options (go_package here, java_* and cc_enable_arenas there), source info,
// and json_name (derived from the field name by protoc either way).
func normalize(fd *descriptorpb.FileDescriptorProto) *descriptorpb.FileDescriptorProto {
	fd = proto.Clone(fd).(*descriptorpb.FileDescriptorProto)
	fd.Options = nil
	fd.SourceCodeInfo = nil
	if fd.GetSyntax() == "proto2" {
		fd.Syntax = nil
	}
	var clean func(ms []*descriptorpb.DescriptorProto)
	clean = func(ms []*descriptorpb.DescriptorProto) {
		for _, m := range ms {
			for _, f := range m.Field {
				f.JsonName = nil
			}
			clean(m.NestedType)
		}
	}
	clean(fd.MessageType)
	return fd
}

// TestSchemaMatchesMesos1110 is the strongest check in this tree: every
// generated file must describe exactly the same schema as Mesos 1.11.0 —
// same messages, enums, nesting and declaration order, same field names,
// numbers, labels, types, defaults, oneofs and field/enum options.
func TestSchemaMatchesMesos1110(t *testing.T) {
	raw, err := os.ReadFile(upstreamDescriptors)
	if err != nil {
		t.Fatal(err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	upstream := map[string]*descriptorpb.FileDescriptorProto{}
	for _, f := range set.File {
		upstream[f.GetName()] = f
	}

	ours := []protoreflect.FileDescriptor{
		mesosv1.File_mesos_v1_mesos_proto,
		mesos.File_mesos_mesos_proto,
		schedulerv1.File_mesos_v1_scheduler_scheduler_proto,
		executorv1.File_mesos_v1_executor_executor_proto,
		mesosallocator.File_mesos_allocator_allocator_proto,
		mesosquota.File_mesos_quota_quota_proto,
		mesosmodule.File_mesos_module_hook_proto,
	}
	if len(ours) != len(upstream) {
		t.Errorf("upstream set has %d files, we generate %d", len(upstream), len(ours))
	}
	for _, fd := range ours {
		t.Run(fd.Path(), func(t *testing.T) {
			up, ok := upstream[fd.Path()]
			if !ok {
				t.Fatalf("no upstream file %s", fd.Path())
			}
			want := normalize(up)
			got := normalize(protodesc.ToFileDescriptorProto(fd))
			if proto.Equal(want, got) {
				return
			}
			t.Errorf("%s differs from Mesos 1.11.0:\n%s", fd.Path(), firstDifference(want, got))
		})
	}
}

// firstDifference shows a few lines around the first differing line of the
// two descriptors in text form.
func firstDifference(want, got proto.Message) string {
	opts := prototext.MarshalOptions{Multiline: true, Indent: "  "}
	w := strings.Split(opts.Format(want), "\n")
	g := strings.Split(opts.Format(got), "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	lo := max(i-6, 0)
	clip := func(s []string) string { return strings.Join(s[lo:min(i+3, len(s))], "\n") }
	return "--- Mesos 1.11.0:\n" + clip(w) + "\n--- ours:\n" + clip(g)
}
