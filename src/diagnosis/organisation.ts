// What is known about the admin's organisation beyond one paste (servers, connectors, names).
// Owned by the Organisation model work (engine13); rules receive it in `advise(detection, context)`
// as `context.organisation` and must work when it is absent.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- placeholder, extended by its owner
export interface Organisation {}
