/*
 * Screenings kept on this device until the tool has them: IndexedDB, each record encrypted
 * with AES-GCM under the signed-in practitioner's own key. The key is made by WebCrypto as
 * non-extractable, so no script (ours included) can ever read it out; IndexedDB keeps the
 * CryptoKey object itself. Only what lists and the badge need is kept in the clear: the
 * record's id, owner, state, question-set id, version and content hash, and when it changed.
 *
 * States: in_progress (being answered), waiting (finished, to be sent), refused (the tool
 * found a problem: correct it and finish again), and, once the tool has it, sent or held (a
 * note with no answers left on the device).
 */
(function (root) {
  "use strict";

  const DB_NAME = "screening-offline";
  const KEYS = "keys";
  const SCREENINGS = "screenings";
  const SETS = "question_sets";
  const CLEAR = ["id", "user", "state", "questionnaire", "version", "content_hash", "updated_at"];
  const UNSENT = Object.freeze(["waiting", "refused"]);
  let opening = null;

  function supported() {
    return "indexedDB" in root && root.crypto && root.crypto.subtle && root.isSecureContext;
  }

  function open() {
    if (opening === null) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore(KEYS, { keyPath: "user" });
          db.createObjectStore(SCREENINGS, { keyPath: "id" }).createIndex("user", "user");
          db.createObjectStore(SETS, { keyPath: "content_hash" });
        };
        request.onsuccess = () => {
          // Another tab upgrading the database must not wait on this one.
          request.result.onversionchange = () => { request.result.close(); opening = null; };
          resolve(request.result);
        };
        request.onerror = () => reject(request.error);
      });
    }
    return opening;
  }

  // One transaction; `work` issues requests synchronously and may return one whose result
  // is wanted. Resolves when the transaction has committed, so a save is on disk.
  function run(stores, mode, work) {
    return open().then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction(stores, mode);
      const picked = Array.isArray(stores) ? stores.map((name) => tx.objectStore(name))
        : tx.objectStore(stores);
      const request = work(picked);
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }));
  }

  async function findKey(user) {
    const found = await run(KEYS, "readonly", (store) => store.get(String(user)));
    return found ? found.key : null;
  }

  /** The practitioner's key, made on first use after sign-in; asks for persistent storage. */
  async function ensureKey(user) {
    // Without it the browser may clear the store when the disk is short: ask on every visit,
    // as browsers grant it more readily to a site in regular use.
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().catch(() => false);
    }
    const found = await findKey(user);
    if (found) return found;
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false,
      ["encrypt", "decrypt"]);
    try {
      await run(KEYS, "readwrite", (store) => store.add({
        user: String(user), key, made_at: new Date().toISOString(),
      }));
    } catch (error) {
      // Another tab made one at the same moment: use that one.
      if (!(await findKey(user))) throw error;
    }
    return findKey(user);
  }

  // The record id is bound in as associated data: a sealed screening moved onto another
  // record does not open, just as a changed one does not.
  function bound(id) {
    return new TextEncoder().encode(`screening/${id}`);
  }

  /** Keep a screening (the whole object, encrypted with a fresh IV); resolves once stored. */
  async function save(screening) {
    const key = await findKey(screening.user);
    if (!key) {
      // The page says why in the practitioner's language (its words, by this code).
      throw Object.assign(new Error("no key for this practitioner"), { code: "not_ready" });
    }
    screening.updated_at = new Date().toISOString();
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: bound(screening.id) }, key,
      new TextEncoder().encode(JSON.stringify(screening)));
    const record = { iv, data };
    for (const name of CLEAR) record[name] = screening[name];
    await run(SCREENINGS, "readwrite", (store) => store.put(record));
    return screening;
  }

  /** The screening, decrypted; null when there is none or only a note is left. */
  async function load(id) {
    const record = await run(SCREENINGS, "readonly", (store) => store.get(id));
    if (!record || !record.data) return null;
    const key = await findKey(record.user);
    if (!key) return null;
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: record.iv, additionalData: bound(id) }, key, record.data);
    return Object.assign(JSON.parse(new TextDecoder().decode(plain)), { state: record.state,
      problems: record.problems || null });
  }

  /** Every record's clear part (no answers), of one practitioner or, with null, of everyone. */
  async function list(user) {
    const records = await run(SCREENINGS, "readonly", (store) => (user === null
      ? store.getAll() : store.index("user").getAll(String(user))));
    return records.map((r) => ({ ...r, iv: undefined, data: undefined, has_data: !!r.data }))
      .sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
  }

  /** Change the clear part only (state, the tool's problems) without touching the answers. */
  async function mark(id, changes) {
    const record = await run(SCREENINGS, "readonly", (store) => store.get(id));
    if (!record) return;
    await run(SCREENINGS, "readwrite", (store) => store.put({
      ...record, ...changes, updated_at: new Date().toISOString(),
    }));
  }

  // A question set kept with the screenings that use it, so a new version published meanwhile
  // never strands a screening started on the old one.
  async function pruneSets() {
    const records = await run(SCREENINGS, "readonly", (store) => store.getAll());
    const used = new Set(records.filter((r) => r.data).map((r) => r.content_hash));
    const kept = await run(SETS, "readonly", (store) => store.getAllKeys());
    const unused = kept.filter((hash) => !used.has(hash));
    if (unused.length) {
      await run(SETS, "readwrite", (store) => { unused.forEach((hash) => store.delete(hash)); });
    }
  }

  /** Replace a screening by a note with no answers: the tool has it now. */
  async function forget(id, note) {
    const record = await run(SCREENINGS, "readonly", (store) => store.get(id));
    if (!record) return;
    await run(SCREENINGS, "readwrite", (store) => store.put({
      id, user: record.user, state: note.state, questionnaire: record.questionnaire,
      version: record.version, content_hash: record.content_hash, url: note.url || null,
      reference: note.reference || null, note: note.note || null, differs: !!note.differs,
      updated_at: new Date().toISOString(),
    }));
    await pruneSets();
  }

  /** Notes of screenings the tool has had for longer than `days`: nothing to do with them. */
  async function dropOldNotes(days) {
    const before = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
    const old = (await list(null)).filter((r) => !r.has_data && r.updated_at < before);
    if (old.length) {
      await run(SCREENINGS, "readwrite", (store) => { old.forEach((r) => store.delete(r.id)); });
    }
  }

  async function remove(id) {
    await run(SCREENINGS, "readwrite", (store) => store.delete(id));
    await pruneSets();
  }

  /** Everything of one practitioner, key included: at sign-out. */
  async function clearUser(user) {
    const ids = (await list(user)).map((r) => r.id);
    await run([SCREENINGS, KEYS], "readwrite", ([screenings, keys]) => {
      ids.forEach((id) => screenings.delete(id));
      keys.delete(String(user));
    });
    await pruneSets();
  }

  async function keepSet(questionSet) {
    await run(SETS, "readwrite", (store) => store.put(questionSet));
  }

  function keptSet(contentHash) {
    return run(SETS, "readonly", (store) => store.get(contentHash));
  }

  /** Screenings not yet sent: finished and waiting, or refused; with `started`, also drafts. */
  async function unsent(user, started) {
    const states = started ? [...UNSENT, "in_progress"] : UNSENT;
    return (await list(user)).filter((r) => states.includes(r.state));
  }

  root.ScreeningDevice = Object.freeze({
    supported, ensureKey, findKey, save, load, list, mark, forget, remove, clearUser,
    dropOldNotes, keepSet, keptSet, unsent, UNSENT,
  });
})(window);
