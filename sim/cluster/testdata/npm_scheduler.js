// A scheduler written with the npm mesos-framework client (0.5.3), which
// speaks JSON only, sends no Accept header and parses one RecordIO record
// per HTTP chunk. It runs one task and exits 0 when the task finished.
"use strict";
var mf = require("mesos-framework");
var Mesos = mf.Mesos.getMesos();

var scheduler = new mf.Scheduler({
    masterUrl: "127.0.0.1",
    port: parseInt(process.env.SIM_MASTER_PORT, 10),
    frameworkName: "npm mesos-framework against mactor sim",
    restartStates: [],
    logging: { level: "warn" },
    tasks: {
        hello: {
            priority: 1,
            instances: 1,
            commandInfo: new Mesos.CommandInfo(null, null, true, process.env.SIM_TASK_COMMAND, null, null),
            resources: { cpus: 0.1, mem: 32, ports: 1, disk: 0 }
        }
    }
});

var terminal = ["TASK_FAILED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_KILLED", "TASK_GONE"];

scheduler.on("update", function (update) {
    var state = update.status.state;
    if (state === "TASK_FINISHED") {
        scheduler.teardown();
        setTimeout(function () { process.exit(0); }, 300);
    } else if (terminal.indexOf(state) >= 0) {
        console.error("task ended " + state + ": " + update.status.message);
        process.exit(1);
    }
});
scheduler.on("error", function (err) {
    console.error("error: " + JSON.stringify(err && err.message ? err.message : err) + (err && err.stack ? "\n" + err.stack : ""));
});
scheduler.on("ready", function () { scheduler.subscribe(); });
setTimeout(function () { console.error("no TASK_FINISHED within 30s"); process.exit(2); }, 30000);
