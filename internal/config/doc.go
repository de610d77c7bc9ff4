// Package config loads a YAML configuration file into a command's flags:
// every top-level key names a flag, and a value from the file applies only
// when the flag was not given on the command line. Flags therefore always
// win over the file, and the file can hold nothing the flags do not know.
package config
