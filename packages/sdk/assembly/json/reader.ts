// TEMPORARY (removed once every filter reads through config/reader.ts): the
// reader's old place.
export { JsonConfig, JsonField } from "../config/reader";
