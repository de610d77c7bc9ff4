# mactor_wire_protos(TARGET <lib> PROTOC <exe> ROOTS <dir>... PROTOS <rel>...)
#
# Generates C++ for the given .proto files (paths relative to one of ROOTS,
# the import roots, searched in order) into ${CMAKE_CURRENT_BINARY_DIR}/gen
# and builds them into the static library TARGET.
function(mactor_wire_protos)
  cmake_parse_arguments(W "" "TARGET;PROTOC" "ROOTS;PROTOS" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  set(import_args)
  foreach(root ${W_ROOTS})
    list(APPEND import_args -I ${root})
  endforeach()
  set(srcs)
  foreach(rel ${W_PROTOS})
    set(found)
    foreach(root ${W_ROOTS})
      if(NOT found AND EXISTS ${root}/${rel})
        set(found ${root}/${rel})
      endif()
    endforeach()
    if(NOT found)
      message(FATAL_ERROR "mactor: ${rel} is in none of ${W_ROOTS}")
    endif()
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    add_custom_command(
      OUTPUT ${out}/${stem}.pb.cc ${out}/${stem}.pb.h
      COMMAND ${W_PROTOC} ${import_args} --cpp_out=${out} ${rel}
      DEPENDS ${found}
      COMMENT "protoc ${rel}"
      VERBATIM)
    list(APPEND srcs ${out}/${stem}.pb.cc)
  endforeach()
  add_library(${W_TARGET} STATIC ${srcs})
  target_include_directories(${W_TARGET} SYSTEM PUBLIC ${out})
  set_target_properties(${W_TARGET} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  # Generated code: no warnings of ours, and no sanitizer (it is not what
  # the tests examine, and it is large).
  target_compile_options(${W_TARGET} PRIVATE -w)
endfunction()
