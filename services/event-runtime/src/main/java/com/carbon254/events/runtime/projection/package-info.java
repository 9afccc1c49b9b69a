/** What the projector tells readers of its read models outside Kafka: the versions a committed batch made visible. */
package com.carbon254.events.runtime.projection;
