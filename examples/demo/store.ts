// In-memory state. Never edited in the demo: it survives every reload of handlers.ts.
export interface Todo {
  id: number;
  text: string;
  done: boolean;
}

export const store = {
  startedAt: new Date(),
  visits: 0,
  todos: [] as Todo[],
  nextId: 1,
};
