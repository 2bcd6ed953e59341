// Drives a running Heartline endpoint with virtual-alexa, as a real Alexa client would, from the ASK
// interaction model. Usage: node drive.js <skill URL> <interaction model JSON> < scenario.json
//
// The scenario (stdin) is a list of conversations; each is a list of steps:
//   {"launch": true} | {"utter": "we're sam and alex"} | {"intend": "AMAZON.HelpIntent", "slots": {...}}
//   | {"end": true}
// Each conversation gets a fresh VirtualAlexa (a new session, the same user and device across them).
// For every step one JSON line goes to stdout: what was sent (request type, intent, slots as sent) and
// what came back (speech, reprompt, shouldEndSession, directive types), so the Python test can assert.
"use strict";

const va = require("virtual-alexa");

function speechOf(outputSpeech) {
  if (!outputSpeech) return null;
  return outputSpeech.ssml || outputSpeech.text || null;
}

async function runStep(alexa, step) {
  if (step.launch) return alexa.launch();
  if (step.utter !== undefined) return alexa.utter(step.utter);
  if (step.intend !== undefined) return alexa.intend(step.intend, step.slots || {});
  if (step.end) return alexa.endSession();
  throw new Error("unknown step: " + JSON.stringify(step));
}

async function main() {
  const [url, modelFile] = process.argv.slice(2);
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const conversations = JSON.parse(Buffer.concat(chunks).toString("utf8"));

  let userId = null;
  for (const [index, steps] of conversations.entries()) {
    const alexa = va.VirtualAlexa.Builder().skillURL(url).interactionModelFile(modelFile).locale("en-US").create();
    let sent = [];
    alexa.filter((request) => {
      // Keep the same person across conversations, as a real device would.
      if (userId === null) userId = request.context.System.user.userId;
      request.context.System.user.userId = userId;
      if (request.session) request.session.user.userId = userId;
      sent.push(request);
    });
    for (const step of steps) {
      const line = { conversation: index, step };
      sent = [];
      try {
        const response = await runStep(alexa, step);
        // While audio plays, Alexa (and virtual-alexa) sends PlaybackStopped before the step's own request,
        // and PlaybackStarted after a Play: pick the step's own request out of them.
        const ownType = step.launch ? "LaunchRequest" : step.end ? "SessionEndedRequest" : "IntentRequest";
        const own = sent.find((r) => r.request.type === ownType);
        const request = own ? own.request : {};
        const body = (response && response.response) || {};
        Object.assign(line, {
          requestType: request.type,
          intent: request.intent ? request.intent.name : null,
          slots: request.intent && request.intent.slots
            ? Object.fromEntries(Object.entries(request.intent.slots).map(([k, v]) => [k, v.value]))
            : {},
          speech: speechOf(body.outputSpeech),
          reprompt: body.reprompt ? speechOf(body.reprompt.outputSpeech) : null,
          shouldEndSession: body.shouldEndSession === undefined ? null : body.shouldEndSession,
          directives: (body.directives || []).map((d) => d.type),
          streams: (body.directives || [])
            .filter((d) => d.audioItem && d.audioItem.stream)
            .map((d) => ({ url: d.audioItem.stream.url, token: d.audioItem.stream.token })),
          otherRequests: sent.filter((r) => r !== own).map((r) => r.request.type),
        });
      } catch (error) {
        line.error = String(error && error.message ? error.message : error);
      }
      process.stdout.write(JSON.stringify(line) + "\n");
    }
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
