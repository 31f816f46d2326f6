// Event Grid subscriptions that deliver the topic's events to the app's Event Grid triggers. Event
// Grid checks that the function exists, so this deploys after the code (deployEventSubscriptions).
// Each subscription filters on the event types its function handles; the functions also ignore
// types they do not know, as they do under devhost (which delivers every event to every trigger).

param topicName string
param functionAppName string

resource topic 'Microsoft.EventGrid/topics@2024-06-01-preview' existing = {
  name: topicName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource notifyRequester 'Microsoft.EventGrid/topics/eventSubscriptions@2024-06-01-preview' = {
  parent: topic
  name: 'notify-requester'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/notifyRequesterOfPurchaseEvents'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [
        'AssetPulse.PurchaseRequest.Submitted'
        'AssetPulse.PurchaseRequest.StepApproved'
        'AssetPulse.PurchaseRequest.Approved'
        'AssetPulse.PurchaseRequest.Rejected'
        'AssetPulse.PurchaseRequest.Expired'
        'AssetPulse.PurchaseRequest.Cancelled'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
