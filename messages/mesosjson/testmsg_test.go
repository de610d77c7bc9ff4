package mesosjson_test

import (
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// testFile is a proto2 file that exercises every field kind, defaults,
// deprecation, required fields and maps. It is built at run time so the
// package needs no generated test code.
const testFile = `
name: "mesosjson_test.proto"
package: "mesosjson.test"
syntax: "proto2"
enum_type {
  name: "Color"
  value { name: "RED" number: 0 }
  value { name: "GREEN" number: 1 }
  value { name: "BLUE" number: 7 }
}
message_type {
  name: "All"
  field { name: "i32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "i64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
  field { name: "u32" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT32 }
  field { name: "u64" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 }
  field { name: "s32" number: 5 label: LABEL_OPTIONAL type: TYPE_SINT32 }
  field { name: "s64" number: 6 label: LABEL_OPTIONAL type: TYPE_SINT64 }
  field { name: "f32" number: 7 label: LABEL_OPTIONAL type: TYPE_FIXED32 }
  field { name: "f64" number: 8 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
  field { name: "sf32" number: 9 label: LABEL_OPTIONAL type: TYPE_SFIXED32 }
  field { name: "sf64" number: 10 label: LABEL_OPTIONAL type: TYPE_SFIXED64 }
  field { name: "d" number: 11 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
  field { name: "f" number: 12 label: LABEL_OPTIONAL type: TYPE_FLOAT }
  field { name: "b" number: 13 label: LABEL_OPTIONAL type: TYPE_BOOL }
  field { name: "s" number: 14 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "by" number: 15 label: LABEL_OPTIONAL type: TYPE_BYTES }
  field { name: "e" number: 16 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".mesosjson.test.Color" }
  field { name: "nested" number: 17 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".mesosjson.test.All" }
  field { name: "r_i64" number: 20 label: LABEL_REPEATED type: TYPE_INT64 }
  field { name: "r_d" number: 21 label: LABEL_REPEATED type: TYPE_DOUBLE }
  field { name: "r_s" number: 22 label: LABEL_REPEATED type: TYPE_STRING }
  field { name: "r_e" number: 23 label: LABEL_REPEATED type: TYPE_ENUM type_name: ".mesosjson.test.Color" }
  field { name: "r_m" number: 24 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".mesosjson.test.All" }
  field { name: "r_by" number: 25 label: LABEL_REPEATED type: TYPE_BYTES }
  field { name: "r_b" number: 26 label: LABEL_REPEATED type: TYPE_BOOL }
  field { name: "m_si" number: 30 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".mesosjson.test.All.MSiEntry" }
  field { name: "m_is" number: 31 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".mesosjson.test.All.MIsEntry" }
  field { name: "m_bm" number: 32 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".mesosjson.test.All.MBmEntry" }
  field { name: "m_ue" number: 33 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".mesosjson.test.All.MUeEntry" }
  field { name: "def_d" number: 40 label: LABEL_OPTIONAL type: TYPE_DOUBLE default_value: "5" }
  field { name: "def_dep" number: 41 label: LABEL_OPTIONAL type: TYPE_STRING default_value: "*" options { deprecated: true } }
  field { name: "def_e" number: 42 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".mesosjson.test.Color" default_value: "BLUE" }
  field { name: "def_b" number: 43 label: LABEL_OPTIONAL type: TYPE_BOOL default_value: "true" }
  field { name: "req" number: 50 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".mesosjson.test.Req" }
  nested_type {
    name: "MSiEntry" options { map_entry: true }
    field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
  }
  nested_type {
    name: "MIsEntry" options { map_entry: true }
    field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  }
  nested_type {
    name: "MBmEntry" options { map_entry: true }
    field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_BOOL }
    field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".mesosjson.test.Req" }
  }
  nested_type {
    name: "MUeEntry" options { map_entry: true }
    field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_UINT64 }
    field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".mesosjson.test.Color" }
  }
}
message_type {
  name: "Req"
  field { name: "name" number: 1 label: LABEL_REQUIRED type: TYPE_STRING }
  field { name: "color" number: 2 label: LABEL_REQUIRED type: TYPE_ENUM type_name: ".mesosjson.test.Color" }
  field { name: "opt" number: 3 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".mesosjson.test.Color" }
}
`

var testDescs = func() protoreflect.FileDescriptor {
	fdp := new(descriptorpb.FileDescriptorProto)
	if err := prototext.Unmarshal([]byte(testFile), fdp); err != nil {
		panic(err)
	}
	fd, err := protodesc.NewFile(fdp, nil)
	if err != nil {
		panic(err)
	}
	return fd
}()

func newAll() *dynamicpb.Message {
	return dynamicpb.NewMessage(testDescs.Messages().ByName("All"))
}

func newReq() *dynamicpb.Message {
	return dynamicpb.NewMessage(testDescs.Messages().ByName("Req"))
}

// fromText builds a test message from protobuf text format.
func fromText(newMsg func() *dynamicpb.Message, text string) proto.Message {
	m := newMsg()
	if err := (prototext.UnmarshalOptions{AllowPartial: true}).Unmarshal([]byte(text), m); err != nil {
		panic(err)
	}
	return m
}
