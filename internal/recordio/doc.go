// Package recordio reads and writes Apache Mesos RecordIO streams.
//
// RecordIO is the framing Mesos uses for every streaming HTTP response of
// its v1 APIs (the scheduler and executor event streams, the operator API):
// each record is its length in decimal ASCII digits, a line feed, and then
// exactly that many bytes of data. There is no carriage return and nothing
// after the data:
//
//	20\n{"type":"HEARTBEAT"}
//
// HTTP proxies may re-chunk a stream, so a Reader never relies on chunk or
// read boundaries: a record may arrive split across many reads, and one read
// may carry several records. A Reader refuses records longer than its
// maximum size with ErrRecordTooLarge before allocating memory for them.
//
// Some clients (the npm mesos-framework library, for one) assume that every
// record arrives as its own HTTP chunk. A Writer therefore emits each record
// with a single Write call and flushes its destination after every record
// when the destination can flush (an http.ResponseWriter, a bufio.Writer), so
// that a server using it produces exactly one chunk per record.
package recordio
