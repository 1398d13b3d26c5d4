// The phone page, live: the state arrives over a WebSocket and the page is drawn from it.
// Without this script the page still works through plain form posts (the server draws it).
// Every text goes in through textContent; the narrative alone is HTML, sanitised on the laptop.
"use strict";

(function () {
  const main = document.getElementById("room");
  const status = document.getElementById("status");
  const words = JSON.parse(document.getElementById("messages").textContent);
  if (!main || main.dataset.phase === "join") return;

  let state = null;
  let socket = null;
  let retry = 500;
  let saved = null; // the vote as the laptop has it: a redraw keeps a choice or a reason not yet sent

  function say(key, values) {
    return (words[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values && name in values ? values[name] : ""));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function unsent() {
    const reason = document.getElementById("reason");
    const chosen = main.querySelector("input[name=option]:checked");
    return { option: chosen ? chosen.value : null, reason: reason ? reason.value : null,
             typing: reason !== null && document.activeElement === reason };
  }

  function keep(typed) {
    const reason = document.getElementById("reason");
    const before = saved || { option: null, reason: "" };
    if (typed.option && typed.option !== before.option) {
      const input = main.querySelector("input[name=option][value='" + typed.option + "']");
      if (input && !input.disabled) input.checked = true;
    }
    if (reason && typed.reason !== null && typed.reason !== before.reason) reason.value = typed.reason;
    if (reason && typed.typing) reason.focus();
  }

  function draw() {
    const typed = unsent();
    main.replaceChildren();
    main.dataset.phase = state.phase;
    const header = el("header", { class: "who team-" + state.number },
      el("span", { class: "swatch" }), " ", el("span", { id: "who", text: say("joined_as", { team: state.team }) }),
      " ", el("a", { href: "/?rejoin=1", class: "rejoin", text: say("change_team") }));
    main.append(header);
    if (state.paused) main.append(el("p", { class: "paused", role: "status", text: say("paused") }));
    if (state.phase === "waiting" || state.phase === "ended") {
      const key = state.phase === "waiting" ? "waiting" : "ended";
      main.append(el("h1", { text: say(key + "_heading") }), el("p", { text: say(key + "_help") }));
      return;
    }
    const inject = state.inject;
    const narrative = el("div", { class: "narrative" });
    narrative.innerHTML = inject.body_html; // sanitised on the laptop (nh3)
    main.append(el("h1", { text: inject.title }), narrative, el("h2", { class: "question", text: inject.question }));
    if (state.phase === "revealed") main.append(result());
    if (inject.options.length) main.append(ballot());
    if (state.my_vote) main.append(el("p", { class: "mine", text: say("your_vote", { letter: state.my_vote.option }) }));
    main.append(el("p", { class: "counts", text: say("voted_count", { ...state.counts, team: state.team }) }));
    keep(typed);
    saved = state.my_vote ? { option: state.my_vote.option, reason: state.my_vote.reason } : null;
  }

  function result() {
    const box = el("section", { class: "result" }, el("h2", { text: say("reveal_heading") }));
    const r = state.result;
    box.append(el("p", { text: r.decided ? say("team_chose", { team: state.team, letter: r.decided, label: r.label })
                                         : say("team_no_answer", { team: state.team }) }));
    const split = Object.entries(r.split).map(([letter, count]) => letter + " " + count).join(" · ");
    if (split) box.append(el("p", { text: say("split", { team: state.team, split: split }) }));
    return box;
  }

  function ballot() {
    const legend = state.voting ? "voting_open" : state.closed ? "voting_closed" : "voting_not_yet";
    const set = el("fieldset", { disabled: !state.voting }, el("legend", { text: say(legend) }));
    for (const option of state.inject.options) {
      const mine = state.my_vote && state.my_vote.option === option.letter;
      const input = el("input", { type: "radio", name: "option", value: option.letter, checked: mine, required: true });
      set.append(el("label", { class: "option" }, input, " ", el("b", { text: option.letter }), " ",
                    el("span", { text: option.label })));
    }
    const reason = state.my_vote ? state.my_vote.reason : "";
    set.append(el("label", { for: "reason", class: "reason-label", text: say("reason") }),
               el("input", { id: "reason", name: "reason", maxlength: "280", value: reason }),
               el("button", { type: "submit", text: say(state.my_vote ? "change_vote" : "vote") }));
    const form = el("form", { method: "post", action: "/vote", class: "vote" }, set);
    form.addEventListener("submit", vote);
    return form;
  }

  async function vote(event) {
    event.preventDefault();
    const form = event.target;
    const chosen = form.querySelector("input[name=option]:checked");
    if (!chosen) return;
    const body = JSON.stringify({ option: chosen.value, reason: form.querySelector("#reason").value });
    try {
      const reply = await fetch("/api/vote", { method: "POST", body, credentials: "same-origin",
                                               headers: { "Content-Type": "application/json" } });
      const answer = await reply.json();
      status.textContent = reply.ok ? say("saved") : say("not_saved", { error: answer.error || reply.status });
    } catch (error) {
      status.textContent = say("offline");
    }
  }

  function connect() {
    socket = new WebSocket("ws://" + location.host + "/api/live");
    socket.onopen = () => { retry = 500; if (status.textContent === say("offline")) status.textContent = ""; };
    socket.onmessage = (message) => { state = JSON.parse(message.data); draw(); };
    socket.onclose = (closed) => {
      if (closed.code === 4401) { location.reload(); return; } // the room no longer knows this phone
      status.textContent = say("offline");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 8000);
    };
  }

  if ("WebSocket" in window) connect();
})();
