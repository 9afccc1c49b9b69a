/**
 * Natural JSON to the catalog's Avro records, with every contract violation reported by field:
 * {@link com.carbon254.events.runtime.json.JsonEventReader}.
 */
package com.carbon254.events.runtime.json;
