// import.meta.hot → _ar$m.hot
export const data = import.meta.hot ? import.meta.hot.data : {};
if (import.meta.hot) import.meta.hot.accept();
